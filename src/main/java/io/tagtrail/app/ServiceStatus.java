package io.tagtrail.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tagtrail.core.StorePipeline;
import io.tagtrail.http.HttpEndpoint;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.layout.Zone;
import io.tagtrail.metrics.PrometheusText;
import io.tagtrail.model.RejectReason;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** What the HTTP endpoint shows of a running service: health, Prometheus metrics, live occupancy. */
final class ServiceStatus implements HttpEndpoint.Source {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TagTrailService service;

    ServiceStatus(TagTrailService service) {
        this.service = service;
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public HttpEndpoint.Health health() {
        boolean dbUp = service.database().up();
        Boolean broker = service.brokerConnected();
        boolean ready = dbUp && (broker == null || broker) && !service.stopping();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("live", true);
        h.put("ready", ready);
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("up", dbUp);
        if (service.database().lastError() != null) {
            db.put("error", service.database().lastError());
        }
        h.put("database", db);
        if (broker != null) {
            h.put("broker", Map.of("connected", broker));
        } else {
            h.put("endpoint", Map.of("connections", service.endpointConnections()));
        }
        h.put("writer", Map.of("healthy", service.writer().healthy(), "backlog_rows", service.writer().backlog()));
        h.put("stores", service.pipelines().keySet());
        return new HttpEndpoint.Health(ready, write(h));
    }

    @Override
    public String metrics() {
        var c = service.counters();
        PrometheusText p = new PrometheusText();
        p.counter("tagtrail_messages_received_total", "MQTT messages taken in", c.messages());
        p.counter("tagtrail_reads_accepted_total", "Reads accepted into a store pipeline", c.readsAccepted());
        p.counter("tagtrail_messages_redelivered_total", "Messages delivered again after they were taken (durable"
                + " intake), acknowledged and not taken again", c.redelivered());
        Map<String, Long> rejected = new TreeMap<>();
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r.label(), c.rejected(r));
        }
        p.labelled("tagtrail_reads_rejected_total", "Payloads and reads rejected, by reason", "counter", "reason",
                rejected);
        perStore(p, "tagtrail_reads_late_total", "Reads that arrived after their time was final (kept raw)",
                "counter", s -> s.counters().late());
        perStore(p, "tagtrail_reads_merchandise_total", "Reads of merchandise tags (counted, not tracked)",
                "counter", s -> s.counters().merchandise());
        perStore(p, "tagtrail_reads_unknown_tag_total", "Reads of tags of unknown kind (counted, dropped)",
                "counter", s -> s.counters().unknownTags());
        perStore(p, "tagtrail_zone_visits_total", "Zone visits completed", "counter", s -> s.counters().visits());
        perStore(p, "tagtrail_trips_total", "Trips completed", "counter", s -> s.counters().trips());
        perStore(p, "tagtrail_open_visits", "Zone visits open now (live occupancy)", "gauge", StorePipeline::openVisits);
        perStore(p, "tagtrail_tracked_tags", "Tags whose presence is tracked now", "gauge", StorePipeline::trackedTags);
        long now = System.currentTimeMillis();
        perStore(p, "tagtrail_watermark_lag_seconds", "Wall clock minus the store's event-time watermark", "gauge",
                s -> s.watermarkMillis() == Long.MIN_VALUE ? Double.NaN : (now - s.watermarkMillis()) / 1000.0);
        p.gauge("tagtrail_intake_held_bytes", "Heap held by decoded messages waiting for the store pipelines (at 256 MiB"
                + " the endpoint turns connections away)", service.intakeHeldBytes());
        p.gauge("tagtrail_writer_backlog_rows", "Results accepted but not yet committed", service.writer().backlog());
        p.counter("tagtrail_writer_failures_total", "Failed database writes (retried)", service.writer().failures());
        p.counter("tagtrail_writer_visits_written_total", "Zone visits committed", service.writer().visitsWritten());
        p.counter("tagtrail_writer_trips_written_total", "Trips committed", service.writer().tripsWritten());
        p.gauge("tagtrail_database_up", "1 when the database answers", service.database().up() ? 1 : 0);
        Boolean broker = service.brokerConnected();
        if (broker != null) {
            p.gauge("tagtrail_broker_connected", "1 when connected to the MQTT broker", broker ? 1 : 0);
        }
        p.gauge("tagtrail_member_cards", "Cards in the member directory", service.members().size());
        p.summary(service.intakeLatency().name(), service.intakeLatency().help(), service.intakeLatency().snapshot());
        p.summary(service.writer().batchLatency().name(), service.writer().batchLatency().help(),
                service.writer().batchLatency().snapshot());
        return p.toString();
    }

    @Override
    public String storesJson() {
        List<Map<String, Object>> stores = new ArrayList<>();
        for (StorePipeline s : service.pipelines().values()) {
            StoreLayout l = s.layout();
            stores.add(Map.of("store_id", l.storeId(), "name", l.name(), "zones", l.zoneCount(),
                    "readers", l.readers().size(), "layout_version", l.version()));
        }
        return write(stores);
    }

    @Override
    public Future<String> occupancyJson(String storeId) {
        StorePipeline pipeline = service.pipelines().get(storeId);
        if (pipeline == null) {
            return Future.succeededFuture(null);
        }
        Promise<String> result = Promise.promise();
        service.onOwner(() -> {
            int[] occupancy = pipeline.occupancyNow();
            long watermark = pipeline.watermarkMillis();
            StoreLayout l = pipeline.layout();
            List<Map<String, Object>> zones = new ArrayList<>();
            Map<Integer, Integer> floors = new TreeMap<>();
            for (Zone z : l.zones()) {
                Map<String, Object> zone = new LinkedHashMap<>();
                zone.put("zone_id", z.id());
                zone.put("name", z.name());
                zone.put("floor", z.floor());
                zone.put("kind", z.kind().label());
                zone.put("occupancy", occupancy[z.index()]);
                zones.add(zone);
                floors.merge(z.floor(), occupancy[z.index()], Integer::sum);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("store_id", storeId);
            body.put("as_of", watermark == Long.MIN_VALUE ? null : Instant.ofEpochMilli(watermark).toString());
            body.put("total", floors.values().stream().mapToInt(Integer::intValue).sum());
            List<Map<String, Object>> floorList = new ArrayList<>();
            floors.forEach((f, o) -> floorList.add(Map.of("floor", f, "occupancy", o)));
            body.put("floors", floorList);
            body.put("zones", zones);
            result.complete(write(body));
        });
        return result.future();
    }

    private void perStore(PrometheusText p, String name, String help, String type,
                          ToDoubleFunction<StorePipeline> value) {
        Map<String, Double> values = new TreeMap<>();
        service.pipelines().forEach((id, s) -> values.put(id, value.applyAsDouble(s)));
        p.labelled(name, help, type, "store", values);
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
