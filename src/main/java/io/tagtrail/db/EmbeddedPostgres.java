package io.tagtrail.db;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server that TagTrail starts and stops itself, for the demo and the tests, with nothing for the
 * user to install. It uses the machine's PostgreSQL server binaries when there are any (or those named by
 * {@code TAGTRAIL_PG_BIN}), else the relocatable binaries bundled in the application, unpacked once into a cache
 * directory. PostgreSQL refuses to run as root; run as root, the server runs as the {@code postgres} user (or
 * {@code nobody}) through {@code runuser}. The server listens on loopback only, on a free port.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class.getName());
    private static final String BUNDLE = "postgres-linux-x86_64.txz";
    public static final String USER = "tagtrail";
    public static final String DATABASE = "tagtrail";
    /** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every architecture the JDK runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final Path bin;
    private final Path baseDir;
    private final Path dataDir;
    private final int port;
    private final String runAs;
    private final boolean deleteOnClose;
    private volatile boolean running;

    private EmbeddedPostgres(Path bin, Path baseDir, int port, String runAs, boolean deleteOnClose) {
        this.bin = bin;
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.port = port;
        this.runAs = runAs;
        this.deleteOnClose = deleteOnClose;
    }

    /** Starts a fresh server in a temporary directory that is removed on close. */
    public static EmbeddedPostgres startTemporary() throws IOException {
        Path base = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "tagtrail-pg-");
        return start(base, true);
    }

    /** Starts a server whose files live in {@code baseDir} (created and initialised when new). */
    public static EmbeddedPostgres start(Path baseDir, boolean deleteOnClose) throws IOException {
        Path bin = locateBinaries();
        String runAs = isRoot() ? unprivilegedUser() : null;
        EmbeddedPostgres pg = new EmbeddedPostgres(bin, baseDir, freePort(), runAs, deleteOnClose);
        pg.init();
        pg.startServer();
        return pg;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER;
    }

    /** A JDBC URL for another database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    /** Creates an empty database on this server (for tests that want a clean slate). */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
        }
        return jdbcUrl(name);
    }

    /** Stops the server (fast shutdown); its files stay until {@link #close()}. */
    public void stop() throws IOException {
        if (running) {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"));
            running = false;
        }
    }

    /** Starts the server again after {@link #stop()}, on the same port. */
    public void restart() throws IOException {
        if (!running) {
            startServer();
        }
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * CPU time used so far by the server, or null when the system does not say (Linux's {@code /proc} only): its
     * postmaster's and every process it runs now (backends, checkpointer, WAL writer, autovacuum workers), and that of
     * the processes it ran that have ended (counted in its children's time once it has collected them).
     */
    public Duration cpuTime() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            long ticks = cpuTicks(postmaster);
            for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.descendants().toList())
                    .orElse(List.of())) {
                try {
                    ticks += cpuTicks(child.pid());
                } catch (IOException e) {
                    // ended between the listing and the reading: its time is its parent's children's time now
                }
            }
            return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** User and system time of a process and of its children it has collected, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // after the command name in parentheses (which may hold spaces), from the process state on: utime, stime,
        // cutime and cstime are the 12th to 15th fields
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (IOException e) {
            LOG.warning("stopping embedded PostgreSQL failed: " + e.getMessage());
        }
        if (deleteOnClose) {
            deleteTree(baseDir);
        }
    }

    private void init() throws IOException {
        if (Files.isRegularFile(dataDir.resolve("PG_VERSION"))) {
            return;
        }
        Files.createDirectories(baseDir);
        handOver(baseDir);
        run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", USER, "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync"));
    }

    private void startServer() throws IOException {
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + baseDir
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
                + " -c shared_buffers=256MB";
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l",
                baseDir.resolve("postgres.log").toString(), "-o", options, "-w", "-t", "60", "start"));
        running = true;
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
             Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IOException("embedded PostgreSQL started but cannot be reached: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "embedded-postgres-stop"));
    }

    private void run(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (runAs != null) {
            full.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).directory(baseDir.toFile()).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes());
        }
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                String log = "";
                Path logFile = baseDir.resolve("postgres.log");
                if (Files.exists(logFile)) {
                    List<String> lines = Files.readAllLines(logFile);
                    log = String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
                }
                throw new IOException("embedded PostgreSQL command failed: " + String.join(" ", command) + "\n"
                        + output + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    private void handOver(Path dir) throws IOException {
        if (runAs == null) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder("chown", "-R", runAs, dir.toString()).redirectErrorStream(true);
        try {
            Process p = pb.start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IOException("cannot hand " + dir + " to user " + runAs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static Path locateBinaries() throws IOException {
        String env = System.getenv("TAGTRAIL_PG_BIN");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (!Files.isExecutable(p.resolve("pg_ctl"))) {
                throw new IOException("TAGTRAIL_PG_BIN=" + env + " has no pg_ctl");
            }
            return p;
        }
        Path system = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(system)) {
            try (Stream<Path> versions = Files.list(system)) {
                Path best = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("pg_ctl")) && Files.isExecutable(b.resolve("initdb"))
                                && Files.isExecutable(b.resolve("postgres")))
                        .max(Comparator.comparingInt(EmbeddedPostgres::majorVersion)).orElse(null);
                if (best != null) {
                    return best;
                }
            }
        }
        return unpackBundle();
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Path unpackBundle() throws IOException {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "tagtrail-pg-bundle");
        Path bin = target.resolve("bin");
        if (Files.isExecutable(bin.resolve("pg_ctl"))) {
            return bin;
        }
        try (InputStream in = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(BUNDLE)) {
            if (in == null) {
                throw new IOException("no PostgreSQL server binaries found: install PostgreSQL, set TAGTRAIL_PG_BIN,"
                        + " or pass --db-url");
            }
            Path tmp = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "tagtrail-pg-unpack-");
            Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", tmp.toString()).redirectErrorStream(true).start();
            try (var out = tar.getOutputStream()) {
                in.transferTo(out);
            }
            String output = new String(tar.getInputStream().readAllBytes());
            if (tar.waitFor() != 0) {
                throw new IOException("unpacking bundled PostgreSQL failed: " + output);
            }
            new ProcessBuilder("chmod", "-R", "a+rX", tmp.toString()).start().waitFor();
            try {
                Files.move(tmp, target);
            } catch (IOException raced) {
                deleteTree(tmp);
            }
            return bin;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException ignored) {
            // not Linux: fall back to the user name
        }
        return "root".equals(System.getProperty("user.name"));
    }

    private static String unprivilegedUser() throws IOException {
        for (String candidate : List.of("postgres", "nobody")) {
            try {
                Process p = new ProcessBuilder("id", "-u", candidate).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return candidate;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IOException("running as root and neither a postgres nor a nobody user exists to run PostgreSQL");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warning("cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
