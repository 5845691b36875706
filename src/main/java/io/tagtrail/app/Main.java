package io.tagtrail.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** The {@code tagtrail} command line. */
@Command(name = "tagtrail", mixinStandardHelpOptions = true, version = "TagTrail 0.1.0",
        description = "RFID in-store shopper analytics: floor traffic, shopping paths and counter dwell times.",
        subcommands = {DemoCommand.class, ServeCommand.class, SimulateCommand.class, ReplayCommand.class,
                BenchCommand.class,
                FidelityCommand.class, HashPasswordCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        configureLogging();
        int code = new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("tagtrail: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
                    if (System.getenv("TAGTRAIL_DEBUG") != null) {
                        e.printStackTrace(cmd.getErr());
                    }
                    return 1;
                })
                .execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    static void configureLogging() {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        java.util.logging.ConsoleHandler h = new java.util.logging.ConsoleHandler();
        h.setLevel(Level.ALL);
        root.addHandler(h);
        String level = System.getenv().getOrDefault("TAGTRAIL_LOG_LEVEL", "WARNING");
        root.setLevel(Level.parse(level.toUpperCase(java.util.Locale.ROOT)));
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
        Logger.getLogger("org.flywaydb").setLevel(Level.WARNING);
    }
}
