package io.tagtrail.ingest;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto broker that TagTrail starts itself, on loopback and a free port, in a temporary directory that is
 * removed on close: for {@code bench} and the integration tests. It runs the machine's {@code mosquitto} binary
 * (Debian package {@code mosquitto}); nothing is installed here.
 */
public final class LocalMosquitto implements AutoCloseable {
    private static final List<String> SBIN = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");

    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;

    private LocalMosquitto(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** The {@code mosquitto} binary on the PATH or in the usual sbin directories, or null when there is none. */
    public static Path locate() {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(SBIN);
        for (String d : dirs) {
            if (!d.isEmpty()) {
                Path candidate = Path.of(d, "mosquitto");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /**
     * Starts the installed Mosquitto with these configuration lines besides its listener, log and persistence
     * location (for example {@code allow_anonymous true}, {@code max_queued_messages 0}); fails with the command
     * that installs it when it is missing.
     */
    public static LocalMosquitto start(List<String> settings) throws IOException, InterruptedException {
        Path binary = locate();
        if (binary == null) {
            throw new IOException("Mosquitto is not installed (no mosquitto on the PATH or in /usr/sbin); install it"
                    + " with: sudo apt-get install -y mosquitto");
        }
        return start(binary, settings);
    }

    public static LocalMosquitto start(Path binary, List<String> settings) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tagtrail-mosquitto-");
        // the broker drops root privileges to the mosquitto user and must still write its log and persistence here
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        LocalMosquitto broker = new LocalMosquitto(binary, dir, freePort());
        List<String> lines = new ArrayList<>();
        lines.add("listener " + broker.port + " 127.0.0.1");
        lines.addAll(settings);
        lines.add("persistence_location " + dir + "/");
        lines.add("log_dest file " + dir.resolve("mosquitto.log"));
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n", lines) + "\n");
        try {
            broker.launch();
        } catch (IOException | InterruptedException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public int port() {
        return port;
    }

    public MqttUrl url() {
        return new MqttUrl("127.0.0.1", port, false);
    }

    /** The directory of the configuration, the log and any persistence. */
    public Path directory() {
        return dir;
    }

    /** CPU time the broker process has used since it was (last) started, or null when the system does not say. */
    public Duration cpuTime() {
        Process p = process;
        if (p == null) {
            return null;
        }
        return p.toHandle().info().totalCpuDuration().orElse(null);
    }

    /** Stops the broker; its directory (and so any persisted sessions) stays for {@link #restart()}. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Starts the broker again on the same port, with the same configuration and directory. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    private void launch() throws IOException, InterruptedException {
        Path output = dir.resolve("stdout.log");
        process = new ProcessBuilder(binary.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited: " + Files.readString(output)
                        + readIfExists(dir.resolve("mosquitto.log")));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        stop();
        throw new IOException("mosquitto did not listen on port " + port + " within 15 s");
    }

    private static String readIfExists(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
