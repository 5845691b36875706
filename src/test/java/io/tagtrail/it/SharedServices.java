package io.tagtrail.it;

import io.vertx.core.Vertx;

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
}
