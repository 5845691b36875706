package io.tagtrail.app;

import io.tagtrail.config.Settings;
import io.tagtrail.config.TagTrailConfig;
import io.tagtrail.db.DbConfig;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The production service: reads from an external MQTT broker (or the own endpoint when no broker is configured)
 * into TimescaleDB / PostgreSQL, until SIGTERM, then shuts down gracefully.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the TagTrail service. Every setting can also be given as a TAGTRAIL_* environment variable.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", description = "Properties file with settings (key = value).")
    Path config;

    @Option(names = "--mqtt-url", description = "External broker, e.g. tcp://127.0.0.1:1883 (env TAGTRAIL_MQTT_URL).")
    String mqttUrl;

    @Option(names = "--db-url", description = "JDBC URL of the database (env TAGTRAIL_DB_URL).")
    String dbUrl;

    @Option(names = "--layouts", description = "Directory of store layout files (env TAGTRAIL_LAYOUTS).")
    String layouts;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("mqtt.url", mqttUrl);
        flags.put("db.url", dbUrl);
        flags.put("layouts", layouts);
        Map<String, String> file = config == null ? Map.of() : TagTrailConfig.readFile(config);
        TagTrailConfig cfg = TagTrailConfig.from(Settings.layered(TagTrailConfig.defaults(), file, System.getenv(),
                flags), true);
        Map<String, StoreLayout> stores = LayoutLoader.loadDirectory(cfg.layouts());
        Vertx vertx = Vertx.vertx();
        TagTrailService service = TagTrailService.start(vertx, cfg, stores);
        service.watchLayouts(cfg.layouts(), cfg.layoutsReload());
        System.out.println("TagTrail serving " + stores.size() + " store(s) " + stores.keySet() + " from "
                + (cfg.mqtt().url() != null ? cfg.mqtt().url() + " (" + cfg.mqtt().subscriptions(stores.keySet()) + ")"
                : "own endpoint " + cfg.endpoint().host() + ":" + service.endpointPort())
                + " into " + DbConfig.redact(cfg.db().url()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                System.out.println("shutting down: stopping intake, closing open visits, flushing writes ...");
                service.stopIntake();
                service.finish(Duration.ofMinutes(2));
                service.close();
                vertx.close().toCompletionStage().toCompletableFuture().get();
                System.out.println("stopped cleanly");
            } catch (Exception e) {
                System.err.println("shutdown incomplete: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "tagtrail-shutdown"));
        stopped.await();
        return 0;
    }
}
