package io.tagtrail.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker for integration tests, on loopback and a free port. When Mosquitto is not installed and
 * the tests run as root (as on CI), it is installed from the Debian packages first.
 */
public final class MosquittoBroker implements AutoCloseable {
    private static final Object INSTALL_LOCK = new Object();

    private final Path dir;
    private final int port;
    private final List<String> security;
    private Process process;

    private MosquittoBroker(Path dir, int port, List<String> security) {
        this.dir = dir;
        this.port = port;
        this.security = security;
    }

    public static MosquittoBroker start() throws IOException, InterruptedException {
        return start(List.of("allow_anonymous true"));
    }

    /**
     * A broker that speaks MQTT over TLS only (PEM certificate and key) and admits one user.
     */
    public static MosquittoBroker startSecure(Path certPem, Path keyPem, String user, String password)
            throws IOException, InterruptedException {
        ensureInstalled();
        Path passwords = Files.createTempFile("tagtrail-mosquitto-passwd-", "");
        run("mosquitto_passwd", "-b", "-c", passwords.toString(), user, password);
        for (Path p : List.of(certPem, keyPem, passwords)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return start(List.of("allow_anonymous false", "password_file " + passwords, "certfile " + certPem,
                "keyfile " + keyPem));
    }

    private static MosquittoBroker start(List<String> security) throws IOException, InterruptedException {
        String binary = ensureInstalled();
        Path dir = Files.createTempDirectory("tagtrail-mosquitto-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        MosquittoBroker broker = new MosquittoBroker(dir, freePort(), security);
        broker.writeConfig();
        broker.launch(binary);
        return broker;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Stops the broker (its persisted sessions stay for {@link #restart()}). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    public void restart() throws IOException, InterruptedException {
        stop();
        launch(ensureInstalled());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files
        }
    }

    private void writeConfig() throws IOException {
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                String.join("\n", security),
                "persistence true",
                "persistence_location " + dir + "/",
                "autosave_interval 1",
                "max_inflight_messages 1000",
                "max_queued_messages 100000",
                "log_dest file " + dir.resolve("mosquitto.log"),
                "") );
    }

    private void launch(String binary) throws IOException, InterruptedException {
        process = new ProcessBuilder(binary, "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited: " + Files.readString(dir.resolve("stdout.log")));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("mosquitto did not listen on port " + port);
    }

    static String ensureInstalled() throws IOException, InterruptedException {
        synchronized (INSTALL_LOCK) {
            for (String candidate : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")) {
                if (Files.isExecutable(Path.of(candidate))) {
                    return candidate;
                }
            }
            if (!"root".equals(System.getProperty("user.name"))) {
                throw new IOException("Mosquitto is not installed; install it with: sudo apt-get install -y mosquitto");
            }
            run("apt-get", "update", "-qq");
            run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "mosquitto");
            if (!Files.isExecutable(Path.of("/usr/sbin/mosquitto"))) {
                throw new IOException("apt-get installed mosquitto but /usr/sbin/mosquitto is missing");
            }
            // the package starts a system broker on port 1883; the tests use their own
            new ProcessBuilder("sh", "-c", "service mosquitto stop >/dev/null 2>&1 || true").start().waitFor();
            return "/usr/sbin/mosquitto";
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
