package io.tagtrail.it;

import io.tagtrail.ingest.LocalMosquitto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Mosquitto broker for integration tests ({@link LocalMosquitto}, on loopback and a free port), with
 * persistent sessions kept across {@link #restart()}. When Mosquitto is not installed and the tests run as root
 * (as on CI), it is installed from the Debian packages first.
 */
public final class MosquittoBroker implements AutoCloseable {
    private static final Object INSTALL_LOCK = new Object();
    private static final List<String> SETTINGS = List.of(
            "persistence true",
            "autosave_interval 1",
            "max_inflight_messages 1000",
            "max_queued_messages 100000");

    private final LocalMosquitto broker;

    private MosquittoBroker(LocalMosquitto broker) {
        this.broker = broker;
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
        Path binary = ensureInstalled();
        List<String> settings = new ArrayList<>(security);
        settings.addAll(SETTINGS);
        return new MosquittoBroker(LocalMosquitto.start(binary, settings));
    }

    public int port() {
        return broker.port();
    }

    public String url() {
        return broker.url().toString();
    }

    /** Stops the broker (its persisted sessions stay for {@link #restart()}). */
    public void stop() throws InterruptedException {
        broker.stop();
    }

    public void restart() throws IOException, InterruptedException {
        broker.restart();
    }

    @Override
    public void close() throws InterruptedException {
        broker.close();
    }

    static Path ensureInstalled() throws IOException, InterruptedException {
        synchronized (INSTALL_LOCK) {
            Path installed = LocalMosquitto.locate();
            if (installed != null) {
                return installed;
            }
            if (!"root".equals(System.getProperty("user.name"))) {
                throw new IOException("Mosquitto is not installed; install it with: sudo apt-get install -y mosquitto");
            }
            run("apt-get", "update", "-qq");
            run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "mosquitto");
            installed = LocalMosquitto.locate();
            if (installed == null) {
                throw new IOException("apt-get installed mosquitto but no mosquitto binary is to be found");
            }
            // the package starts a system broker on port 1883; the tests use their own
            new ProcessBuilder("sh", "-c", "service mosquitto stop >/dev/null 2>&1 || true").start().waitFor();
            return installed;
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
}
