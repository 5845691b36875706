package io.tagtrail.it;

import io.tagtrail.app.TagTrailService;
import io.tagtrail.config.Settings;
import io.tagtrail.config.TagTrailConfig;
import io.tagtrail.layout.StoreLayout;
import io.vertx.core.Vertx;

import java.util.Map;

/**
 * The Vert.x instance and the Mosquitto broker that the integration tests of one JVM share, started on first
 * use and stopped when the JVM exits. Tests give their services distinct MQTT client ids and their own
 * databases, so sharing the broker keeps them apart while saving a start per class.
 */
public final class SharedServices {
    private static Vertx vertx;
    private static MosquittoBroker mosquitto;

    private SharedServices() {
    }

    public static synchronized Vertx vertx() {
        if (vertx == null) {
            vertx = Vertx.vertx();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close(), "test-vertx-stop"));
        }
        return vertx;
    }

    public static synchronized MosquittoBroker mosquitto() throws Exception {
        if (mosquitto == null) {
            MosquittoBroker broker = MosquittoBroker.start();
            mosquitto = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    broker.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-mosquitto-stop"));
        }
        return mosquitto;
    }

    /** Starts the service with the defaults and {@code flags}, checked as the command line's are. */
    public static TagTrailService startService(Vertx vertx, Map<String, String> flags,
                                               Map<String, StoreLayout> layouts) throws Exception {
        TagTrailConfig cfg = TagTrailConfig.from(Settings.layered(TagTrailConfig.defaults(), Map.of(), Map.of(),
                flags), true);
        return TagTrailService.start(vertx, cfg, layouts);
    }
}
