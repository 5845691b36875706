package io.tagtrail.app;

import io.tagtrail.core.StorePipeline;
import io.tagtrail.db.ConnectionPool;
import io.tagtrail.db.LayoutStore;
import io.tagtrail.layout.LayoutException;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Reloads store layouts without a restart: the layouts directory is read again every interval, and a store
 * whose file now holds a higher {@code version} gets that layout stored and scheduled from its
 * {@code effective_from}. A file that does not validate is reported and ignored; the running layout stays.
 */
final class LayoutWatcher {
    private static final Logger LOG = Logger.getLogger(LayoutWatcher.class.getName());

    private final Vertx vertx;
    private final TagTrailService service;
    private final Path dir;
    private final Map<String, Integer> versions = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    private long timer = -1;

    LayoutWatcher(Vertx vertx, TagTrailService service, Path dir) {
        this.vertx = vertx;
        this.service = service;
        this.dir = dir;
        service.pipelines().forEach((id, p) -> versions.put(id, p.newestLayout().version()));
    }

    void start(Duration interval) {
        timer = vertx.setPeriodic(interval.toMillis(), t -> vertx.executeBlocking(() -> {
            scan();
            return null;
        }, false));
    }

    void stop() {
        vertx.cancelTimer(timer);
    }

    /** Reads the directory once; returns how many new layout versions were scheduled. */
    synchronized int scan() {
        Map<String, StoreLayout> found;
        try {
            found = LayoutLoader.loadDirectory(dir);
        } catch (LayoutException e) {
            if (reported.add(e.getMessage())) {
                LOG.warning("layouts not reloaded, the running ones stay: " + e.getMessage());
            }
            return 0;
        }
        int scheduled = 0;
        for (StoreLayout layout : found.values()) {
            StorePipeline pipeline = service.pipelines().get(layout.storeId());
            if (pipeline == null) {
                if (reported.add("new:" + layout.storeId())) {
                    LOG.warning("layout for store " + layout.storeId() + " found; a new store starts with a restart");
                }
                continue;
            }
            if (layout.version() <= versions.getOrDefault(layout.storeId(), Integer.MAX_VALUE)) {
                continue;
            }
            try (ConnectionPool.Lease lease = service.pool().lease()) {
                try {
                    LayoutStore.upsert(lease.connection(), layout);
                } catch (java.sql.SQLException e) {
                    lease.broken();
                    throw e;
                }
            } catch (java.sql.SQLException e) {
                LOG.warning("layout version " + layout.version() + " of store " + layout.storeId()
                        + " not stored yet (retrying): " + e.getMessage());
                continue;
            }
            versions.put(layout.storeId(), layout.version());
            service.onOwner(() -> pipeline.scheduleLayout(layout));
            LOG.info("store " + layout.storeId() + ": layout version " + layout.version() + " in force from "
                    + layout.effectiveFrom());
            scheduled++;
        }
        return scheduled;
    }
}
