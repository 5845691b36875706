package io.tagtrail.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tagtrail.config.Settings;
import io.tagtrail.config.TagTrailConfig;
import io.tagtrail.db.DbConfig;
import io.tagtrail.db.EmbeddedPostgres;
import io.tagtrail.db.MemberCardStore;
import io.tagtrail.db.Schema;
import io.tagtrail.ingest.AckPolicy;
import io.tagtrail.ingest.BrokerSubscriber;
import io.tagtrail.ingest.LocalMosquitto;
import io.tagtrail.ingest.MqttUrl;
import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.security.TlsFiles;
import io.tagtrail.sim.MqttReadPublisher;
import io.tagtrail.sim.PayloadFormats;
import io.tagtrail.sim.Scenario;
import io.tagtrail.sim.Simulator;
import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * End-to-end load test: a simulated store's read stream is recorded first, then published over MQTT (QoS 1) at a
 * fixed open-loop rate, or as fast as the publisher's in-flight window allows, into the running service, which
 * writes every result to PostgreSQL. The simulator publishes to TagTrail's own endpoint, or to a Mosquitto broker
 * that the service subscribes to; the same messages can also go through Mosquitto alone, to a subscriber that only
 * counts them, to show the broker's own ceiling on the same machine.
 *
 * <p>Latency means the same in every mode: from a message's <em>scheduled</em> send time (so a receiver that falls
 * behind shows its whole backlog: coordinated omission is corrected) to the moment the receiving end has taken it:
 * the service once the message's reads are in their store pipeline, the counting subscriber once it has the message.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load-test the service end to end over MQTT: reads/s, latency percentiles, CPU and heap.",
                "",
                "  (default)           simulator -> own MQTT endpoint -> service -> PostgreSQL",
                "  --broker mosquitto  simulator -> Mosquitto -> service -> PostgreSQL",
                "  --broker-only       simulator -> Mosquitto -> a subscriber that only counts",
                "  --compare-broker    the last two back to back; the service's reads/s as a",
                "                      percentage of the broker-alone rate",
                "  --discard-results   with any path to the service: its results counted and let go,",
                "                      not written (the service without the database's work)",
                "",
                "The store's read stream is recorded first, then published with QoS 1. Latency runs from each"
                        + " message's scheduled send time to the moment the service has its reads in the store"
                        + " pipeline (broker alone: the subscriber has the message). Throughput is reads taken / wall"
                        + " time until the last one was taken. Mosquitto (Debian: apt-get install mosquitto) is"
                        + " started on a free loopback port unless --mqtt-url names a running broker.",
                "",
                "The recorded payloads are kept in direct memory, outside the heap (about 1.3 GB for 10 minutes of"
                        + " scenario peak-5000); the JVM allows about as much as its heap, less 256 MB left to the"
                        + " network buffers. For longer streams, set TAGTRAIL_JAVA_OPTS (it replaces ./tagtrail's"
                        + " options for bench) to, for example (one line):"
                        + "%n  -Xms4g -Xmx4g -XX:+AlwaysPreTouch -XX:+UseParallelGC"
                        + "%n  -XX:MaxDirectMemorySize=8g",
                ""})
final class BenchCommand implements Callable<Integer> {
    static final String SERVICE_CLIENT_ID = "tagtrail-bench";
    static final String COUNTER_CLIENT_ID = "tagtrail-bench-counter";
    /** The bench broker keeps every message a slow subscriber has not taken yet (Mosquitto drops beyond 1000). */
    static final List<String> MOSQUITTO_SETTINGS = List.of(
            "allow_anonymous true",
            "persistence false",
            "max_inflight_messages 1000",
            "max_queued_messages 0");

    enum Broker { endpoint, mosquitto }

    @Option(names = "--rate", defaultValue = "0",
            description = "Target reads per second, open loop; 0 publishes as fast as the receiving end (service or"
                    + " counting subscriber) takes the messages, at most --max-inflight ahead of it (default:"
                    + " ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--broker", paramLabel = "endpoint|mosquitto",
            description = "Where the simulator publishes: TagTrail's own MQTT endpoint (default), or Mosquitto, to"
                    + " which the service subscribes as in production.")
    Broker broker;

    @Option(names = "--mqtt-url", description = "A running broker (tcp:// or mqtts://) instead of starting Mosquitto;"
            + " implies --broker mosquitto. It must keep every message queued for a slow subscriber (Mosquitto:"
            + " max_queued_messages 0). Credentials: TAGTRAIL_MQTT_USERNAME, TAGTRAIL_MQTT_PASSWORD.")
    String mqttUrl;

    @Option(names = "--broker-only", description = "Measure the broker alone: the same messages, QoS and in-flight"
            + " window, to a subscriber that only counts them; no service, no database.")
    boolean brokerOnly;

    @Option(names = "--compare-broker", description = "Run the broker alone first, then the service through the"
            + " broker, and report the service's reads/s as a percentage of the broker-alone rate.")
    boolean compareBroker;

    @Option(names = "--db-url", description = "PostgreSQL/TimescaleDB (JDBC URL) instead of an embedded one.")
    String dbUrl;

    @Option(names = "--max-inflight", defaultValue = "512",
            description = "Messages the publisher has sent and the broker or endpoint not yet acknowledged, at most;"
                    + " at --rate 0 also messages sent and not yet taken (default: ${DEFAULT-VALUE}).")
    int maxInflight;

    @Option(names = "--warmup-reads", defaultValue = "1000000",
            description = "Before the measured run, send the first this many reads of the stream the same way, for a"
                    + " separate warm-up store per store (its layout under the id <store>-warmup), so that the measured"
                    + " run meets compiled code rather than the JIT compiler at work; 0 measures a cold start"
                    + " (default: ${DEFAULT-VALUE}).")
    long warmupReads;

    @Option(names = "--warmup", defaultValue = "10s",
            description = "Also report the latency of the messages scheduled after this much of the measured run"
                    + " (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--durable", description = "Acknowledge each message only once the service has committed it to"
            + " the database, as serve does by default (intake.durable); without it messages are acknowledged once"
            + " their reads are in the pipeline, as the demo runs.")
    boolean durable;

    @Option(names = "--discard-results", description = "Count the service's results and let them go instead of"
            + " writing them: the service's own work (decoding, the store pipelines) without the database writer's and"
            + " PostgreSQL's. Not with --durable, which logs every message through the writer.")
    boolean discardResults;

    @Option(names = "--stores", defaultValue = "1",
            description = "Stores the one instance carries: the recorded stream is published for each of this many"
                    + " stores (the same layout under the ids <store>-1 to <store>-N), one message for each store in"
                    + " turn, so the reads/s and latency are those of N stores at once (default: ${DEFAULT-VALUE}).")
    int stores;

    @Option(names = "--json", description = "Write the figures as JSON to this file.")
    Path json;

    @Mixin
    RunOptions run = new RunOptions();

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Broker path = path();
        warmup();
        if (warmupReads < 0) {
            throw new IllegalArgumentException("--warmup-reads must be 0 or more, got " + warmupReads);
        }
        if (stores < 1 || stores > 10_000) {
            throw new IllegalArgumentException("--stores must be between 1 and 10000, got " + stores);
        }
        if (maxInflight < 1 || maxInflight > 65_535) {
            throw new IllegalArgumentException("--max-inflight must be between 1 and 65535, got " + maxInflight);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be 0 or a positive number of reads per second");
        }
        MqttUrl external = mqttUrl == null ? null : MqttUrl.parse(mqttUrl);
        if (path == Broker.mosquitto && external == null && LocalMosquitto.locate() == null) {
            throw new IllegalStateException("--broker mosquitto needs Mosquitto: install it with"
                    + " `sudo apt-get install -y mosquitto`, or name a running broker with --mqtt-url");
        }
        Scenario scenario = run.scenario();
        StoreLayout layout = run.layout();
        out.printf(Locale.ROOT, "recording %s of store %s (scenario %s, seed %d) ...%n",
                DemoCommand.human(scenario.duration()), layout.storeId(), scenario.name(), scenario.seed());
        Simulator simulator = new Simulator(layout, scenario, new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
                PayloadFormats.encoder(run.format));
        StreamMessage.Recorder recording = record(simulator);
        List<StreamMessage> recorded = recording.messages();
        long recordedReads = recording.reads();
        // the encoder's copies of every payload are garbage now: collect them before anything is measured
        System.gc();
        List<String> storeIds = storeIds(layout.storeId());
        List<StreamMessage> messages = forStores(recorded, storeIds);
        if (stores > 1) {
            out.printf(Locale.ROOT, "%,d reads in %,d messages for each of %d stores (%s to %s): %,d reads in %,d"
                            + " messages%n", recordedReads, recorded.size(), stores, storeIds.get(0),
                    storeIds.get(stores - 1), recordedReads * stores, messages.size());
        }
        out.printf(Locale.ROOT, "%,d reads in %,d messages; publishing %s, QoS 1, at most %d in flight%n",
                recordedReads * stores, messages.size(), rate > 0 ? String.format(Locale.ROOT, "at %,.0f reads/s",
                        rate) : "as fast as they are taken", maxInflight);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", scenario.name());
        report.put("path", brokerOnly ? "broker-only" : path.name());
        report.put("broker", path == Broker.endpoint ? "own endpoint" : external != null ? external.toString()
                : "mosquitto (started by bench)");
        report.put("stores", stores);
        report.put("reads", recordedReads * stores);
        report.put("messages", messages.size());
        report.put("target_reads_per_s", rate);
        report.put("max_inflight", maxInflight);
        report.put("durable_intake", durable);
        report.put("results_discarded", discardResults);
        report.put("warmup_reads", warmupReads);
        report.put("warmup_s", warmup().toMillis() / 1000.0);

        Vertx vertx = Vertx.vertx();
        try {
            Map<String, Object> alone = null;
            LoadRun.Figures aloneFigures = null;
            if (brokerOnly || compareBroker) {
                out.printf(Locale.ROOT, "%n%s alone: simulator -> broker -> a subscriber that only counts%n",
                        brokerName(external));
                DeliveryTracker tracker = new DeliveryTracker(messages, rate > 0 ? 0 : maxInflight);
                aloneFigures = brokerAlone(vertx, storeIds, external, messages, tracker);
                alone = figures(aloneFigures, tracker);
                print(brokerName(external) + " alone", aloneFigures, tracker);
                System.gc();
            }
            if (brokerOnly) {
                report.putAll(alone);
            } else {
                out.printf(Locale.ROOT, "%nTagTrail %s: simulator -> %s -> service -> %s%n",
                        path == Broker.endpoint ? "on its own MQTT endpoint" : "through " + brokerName(external),
                        path == Broker.endpoint ? "own MQTT endpoint" : brokerName(external),
                        discardResults ? "results counted and discarded" : "PostgreSQL");
                report.putAll(service(vertx, path, external, simulator, layout, storeIds, messages));
                if (alone != null) {
                    report.put("broker_alone", alone);
                    double share = 100 * (Long) report.get("reads_per_s") / aloneFigures.readsPerSecond();
                    report.put("percent_of_broker_alone_rate", Math.round(share * 10) / 10.0);
                    out.printf(Locale.ROOT, "%nTagTrail through %s: %,d reads/s = %.1f %% of the %,.0f reads/s %s"
                                    + " moves alone%n", brokerName(external), report.get("reads_per_s"), share,
                            aloneFigures.readsPerSecond(), brokerName(external));
                }
            }
            if (json != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
            }
            return 0;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /**
     * The simulated stream, its payloads in direct memory as they are recorded; a stream too large for the memory
     * this JVM has is refused with what to change, not an OutOfMemoryError.
     */
    private StreamMessage.Recorder record(Simulator simulator) throws InterruptedException {
        StreamMessage.Recorder recording = new StreamMessage.Recorder();
        try {
            simulator.run(recording, Double.POSITIVE_INFINITY, null);
        } catch (OutOfMemoryError e) {
            // the simulator's own state outgrew the heap: let go of everything recorded before saying so
            int messages = recording.messages().size();
            recording = null;
            throw new IllegalStateException("the simulated store day does not fit in this JVM's heap (out of memory"
                    + " after " + messages + " messages): record a shorter --duration, or raise -Xmx (in"
                    + " TAGTRAIL_JAVA_OPTS)", e);
        }
        out.printf(Locale.ROOT, "recorded %,d MB of payloads%n", recording.bytes() >> 20);
        return recording;
    }

    private Duration warmup() {
        Duration d = Settings.parseDuration(warmup);
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("--warmup must be a duration such as 10s or 0s, got " + warmup);
        }
        return d;
    }

    /** The path the options ask for, checked for contradictions. */
    private Broker path() {
        boolean needsBroker = mqttUrl != null || brokerOnly || compareBroker;
        if (broker == Broker.endpoint && needsBroker) {
            throw new IllegalArgumentException((mqttUrl != null ? "--mqtt-url" : brokerOnly ? "--broker-only"
                    : "--compare-broker") + " needs a broker; it cannot be combined with --broker endpoint");
        }
        if (brokerOnly && compareBroker) {
            throw new IllegalArgumentException("--broker-only and --compare-broker exclude each other: "
                    + "--compare-broker already runs the broker alone");
        }
        if (brokerOnly && dbUrl != null) {
            throw new IllegalArgumentException("--broker-only runs no service and uses no database; drop --db-url");
        }
        if (brokerOnly && durable) {
            throw new IllegalArgumentException("--broker-only runs no service, so nothing is durable; drop --durable");
        }
        if (discardResults && (brokerOnly || durable)) {
            throw new IllegalArgumentException(brokerOnly ? "--broker-only runs no service, so there are no results"
                    + " to discard; drop --discard-results" : "--durable logs every message through the database"
                    + " writer; it cannot be combined with --discard-results");
        }
        return broker != null ? broker : needsBroker ? Broker.mosquitto : Broker.endpoint;
    }

    private static String brokerName(MqttUrl external) {
        return external == null ? "Mosquitto" : "the broker at " + external;
    }

    /** Publisher -> broker -> a subscriber that counts what it is handed, with the service's subscriber code. */
    private LoadRun.Figures brokerAlone(Vertx vertx, List<String> storeIds, MqttUrl external,
                                        List<StreamMessage> messages, DeliveryTracker tracker)
            throws Exception {
        TagTrailConfig cfg = config(Map.of());
        TagTrailConfig.Mqtt m = cfg.mqtt();
        LocalMosquitto mosquitto = external == null ? LocalMosquitto.start(MOSQUITTO_SETTINGS) : null;
        try {
            MqttUrl url = external != null ? external : mosquitto.url();
            WarmUp warm = new WarmUp(messages);
            Set<String> subscribed = new HashSet<>(storeIds);
            subscribed.addAll(warm.storeIds());
            BrokerSubscriber.Settings settings = new BrokerSubscriber.Settings(url, COUNTER_CLIENT_ID, m.username(),
                    m.password(), m.subscriptions(subscribed), m.qos(), m.maxInflight(),
                    TagTrailService.protocolLimit(cfg.endpoint().maxPayloadBytes()), trust(m));
            BrokerSubscriber counter = new BrokerSubscriber(vertx, null, (topic, payload, wallMillis, taken) -> {
                warm.trackerFor(topic, tracker).taken(topic, payload.length, System.nanoTime());
                taken.run();
            }, settings, AckPolicy.IMMEDIATE);
            if (external != null) {
                TagTrailService.await(BrokerSubscriber.discardSession(vertx, settings));
            }
            TagTrailService.await(counter.start());
            MqttReadPublisher publisher = publisher(vertx, url, m);
            try {
                warm.run(publisher, "by the subscriber");
                return new LoadRun(messages, rate, warmup(), out, "by the subscriber")
                        .run(publisher, tracker, brokerCpu(mosquitto), () -> null);
            } finally {
                publisher.close();
                TagTrailService.await(counter.stop());
                if (external != null) {
                    TagTrailService.await(BrokerSubscriber.discardSession(vertx, settings));
                }
            }
        } finally {
            if (mosquitto != null) {
                mosquitto.close();
            }
        }
    }

    /** Publisher -> own endpoint or broker -> the service -> PostgreSQL. */
    private Map<String, Object> service(Vertx vertx, Broker path, MqttUrl external, Simulator simulator,
                                        StoreLayout layout, List<String> storeIds, List<StreamMessage> messages)
            throws Exception {
        EmbeddedPostgres embedded = null;
        LocalMosquitto mosquitto = null;
        TagTrailService service = null;
        try {
            String url = dbUrl;
            if (url == null) {
                embedded = EmbeddedPostgres.startTemporary();
                url = embedded.jdbcUrl();
            }
            DbConfig db = new DbConfig(url, null, null);
            Schema.migrate(db);
            try (Connection c = db.connect()) {
                MemberCardStore.upsert(c, simulator.memberCards());
            }
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put("db.url", url);
            flags.put("endpoint.port", "0");
            flags.put("http.port", "-1");
            flags.put("intake.durable", Boolean.toString(durable));
            flags.put("event-time.max-future-skew", "36500d");
            MqttUrl brokerUrl = null;
            if (path == Broker.mosquitto) {
                if (external == null) {
                    mosquitto = LocalMosquitto.start(MOSQUITTO_SETTINGS);
                }
                brokerUrl = external != null ? external : mosquitto.url();
                flags.put("mqtt.url", brokerUrl.toString());
                flags.put("mqtt.client-id", SERVICE_CLIENT_ID);
            }
            TagTrailConfig cfg = config(flags);
            BrokerSubscriber.Settings session = null;
            if (external != null) {
                TagTrailConfig.Mqtt m = cfg.mqtt();
                session = new BrokerSubscriber.Settings(external, SERVICE_CLIENT_ID, m.username(), m.password(),
                        List.of(), m.qos(), m.maxInflight(), 64 * 1024, trust(m));
                TagTrailService.await(BrokerSubscriber.discardSession(vertx, session));
            }
            WarmUp warm = new WarmUp(messages);
            Map<String, StoreLayout> layouts = new LinkedHashMap<>();
            for (String id : storeIds) {
                layouts.put(id, id.equals(layout.storeId()) ? layout : layout.withStoreId(id));
            }
            for (String id : warm.storeIds()) {
                layouts.put(id, layout.withStoreId(id));
            }
            DiscardedResults discarded = discardResults ? new DiscardedResults() : null;
            service = TagTrailService.start(vertx, cfg, layouts, discarded);
            DeliveryTracker tracker = new DeliveryTracker(messages, rate > 0 ? 0 : maxInflight);
            service.listenToIntake((topic, payload, outcome) ->
                    warm.trackerFor(topic, tracker).taken(topic, payload.length, System.nanoTime()));
            MqttUrl publishTo = brokerUrl != null ? brokerUrl
                    : new MqttUrl("127.0.0.1", service.endpointPort(), false);
            MqttReadPublisher publisher = publisher(vertx, publishTo, cfg.mqtt());
            LoadRun.Figures figures;
            long acceptedBefore;
            long visitsBefore;
            long tripsBefore;
            long loggedBefore;
            try {
                warm.run(publisher, "by the service");
                // the warm-up stores' visits and trips end here, so that what follows is the measured stores' alone
                service.finish(Duration.ofMinutes(10), Set.copyOf(warm.storeIds()));
                acceptedBefore = service.counters().readsAccepted();
                visitsBefore = discarded != null ? discarded.visits() : service.writer().visitsWritten();
                tripsBefore = discarded != null ? discarded.trips() : service.writer().tripsWritten();
                loggedBefore = service.writer().messagesLogged();
                figures = new LoadRun(messages, rate, warmup(), out, "by the service")
                        .run(publisher, tracker, brokerCpu(mosquitto), databaseCpu(embedded));
            } finally {
                publisher.close();
            }
            service.stopIntake();
            long writeStart = System.nanoTime();
            service.finish(Duration.ofMinutes(10), Set.copyOf(storeIds));
            double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
            if (session != null) {
                TagTrailService.await(BrokerSubscriber.discardSession(vertx, session));
            }

            Map<String, Object> r = figures(figures, tracker);
            long accepted = service.counters().readsAccepted() - acceptedBefore;
            long visits = (discarded != null ? discarded.visits() : service.writer().visitsWritten()) - visitsBefore;
            long trips = (discarded != null ? discarded.trips() : service.writer().tripsWritten()) - tripsBefore;
            r.put("reads_accepted", accepted);
            r.put(discarded != null ? "zone_visits_discarded" : "zone_visits_written", visits);
            r.put(discarded != null ? "trips_discarded" : "trips_written", trips);
            r.put("final_write_seconds", Math.round(writeSeconds * 100) / 100.0);
            long logged = service.writer().messagesLogged() - loggedBefore;
            r.put("messages_logged", logged);
            print("TagTrail", figures, tracker);
            if (path == Broker.endpoint) {
                // the endpoint acknowledges a message once taken, or with durable intake once committed
                Map<String, Object> acked = percentiles(tracker.acknowledgedLatency());
                acked.put("messages", tracker.acknowledgedLatency().getTotalCount());
                r.put("acknowledged_latency_ms", acked);
                out.printf(Locale.ROOT, "  latency from scheduled send to acknowledged%s: %s%n",
                        durable ? " (committed to the intake log)" : "", describe(tracker.acknowledgedLatency()));
            }
            out.printf(Locale.ROOT, "%,d reads accepted; %,d visits and %,d trips %s (closing the open ones"
                            + " and flushing the writer took %.1f s)%n", accepted, visits, trips,
                    discarded != null ? "closed and discarded, not written" : "written", writeSeconds);
            if (durable) {
                out.printf(Locale.ROOT, "%,d messages committed to the intake log before they were acknowledged%n",
                        logged);
            }
            return r;
        } finally {
            // each is closed even when the one before fails to, so that no broker or database outlives the run
            try {
                if (service != null) {
                    service.close();
                }
            } finally {
                try {
                    if (mosquitto != null) {
                        mosquitto.close();
                    }
                } finally {
                    if (embedded != null) {
                        embedded.close();
                    }
                }
            }
        }
    }

    /**
     * The warm-up ahead of a measured run: the measured stream's first {@code --warmup-reads} reads, each store's on
     * the topics of a warm-up store of its own ({@code <store>-warmup}), sent the same way as the measured run and
     * taken apart from it.
     */
    private final class WarmUp {
        /** Warm-up store ids by the measured store's id, in the order their first messages go. */
        private final Map<String, String> storeIds = new LinkedHashMap<>();
        private final List<StreamMessage> messages = new ArrayList<>();
        private final Set<String> topics = new HashSet<>();
        private final DeliveryTracker tracker;
        private long reads;

        WarmUp(List<StreamMessage> stream) {
            TopicScheme scheme = new TopicScheme(TopicScheme.DEFAULT_TEMPLATE);
            for (StreamMessage m : stream) {
                if (reads >= warmupReads) {
                    break;
                }
                String[] storeAndReader = scheme.parse(m.topic());
                String store = storeIds.computeIfAbsent(storeAndReader[0], id -> id + "-warmup");
                String topic = scheme.topic(store, storeAndReader[1]);
                messages.add(m.onTopic(topic));
                topics.add(topic);
                reads += m.reads();
            }
            this.tracker = new DeliveryTracker(messages, rate > 0 ? 0 : maxInflight);
        }

        Collection<String> storeIds() {
            return storeIds.values();
        }

        /** Who keeps track of a message on {@code topic}: the warm-up, or the measured run. */
        DeliveryTracker trackerFor(String topic, DeliveryTracker measured) {
            return topics.contains(topic) ? tracker : measured;
        }

        void run(MqttReadPublisher publisher, String takenBy) throws InterruptedException {
            if (messages.isEmpty()) {
                return;
            }
            out.printf(Locale.ROOT, "warm-up: the first %,d reads (of %,d asked for) for %s%n", reads, warmupReads,
                    storeIds.size() == 1 ? "store " + storeIds.values().iterator().next()
                            : storeIds.size() + " warm-up stores");
            LoadRun.Figures f = new LoadRun(messages, rate, Duration.ZERO, out, takenBy)
                    .run(publisher, tracker, () -> null, () -> null);
            out.printf(Locale.ROOT, "warm-up done: %,d reads in %.1f s; measuring%n", f.reads(), f.seconds());
        }
    }

    /** The measured stores: the recorded one, or with --stores N the same layout under N ids. */
    private List<String> storeIds(String recordedStoreId) {
        if (stores == 1) {
            return List.of(recordedStoreId);
        }
        List<String> ids = new ArrayList<>(stores);
        for (int k = 1; k <= stores; k++) {
            ids.add(recordedStoreId + "-" + k);
        }
        return ids;
    }

    /** Each recorded message once for each store, on that store's topic, the stores in turn. */
    private static List<StreamMessage> forStores(List<StreamMessage> recorded, List<String> storeIds) {
        if (storeIds.size() == 1) {
            return recorded;
        }
        TopicScheme scheme = new TopicScheme(TopicScheme.DEFAULT_TEMPLATE);
        List<StreamMessage> out = new ArrayList<>(recorded.size() * storeIds.size());
        for (StreamMessage m : recorded) {
            String reader = scheme.parse(m.topic())[1];
            for (String store : storeIds) {
                out.add(m.onTopic(scheme.topic(store, reader)));
            }
        }
        return out;
    }

    /** The service's settings: defaults, the environment (except the broker, which bench chooses), then flags. */
    private static TagTrailConfig config(Map<String, String> flags) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove(Settings.envName("mqtt.url"));
        return TagTrailConfig.from(Settings.layered(TagTrailConfig.defaults(), Map.of(), env, flags), false);
    }

    private MqttReadPublisher publisher(Vertx vertx, MqttUrl url, TagTrailConfig.Mqtt m) throws InterruptedException {
        return MqttReadPublisher.connect(vertx, url, "tagtrail-bench-publisher", m.username(), m.password(),
                maxInflight, trust(m));
    }

    private static io.vertx.core.net.TrustOptions trust(TagTrailConfig.Mqtt m) {
        return m.tlsCa() == null ? null : TlsFiles.trust(m.tlsCa(), m.tlsCaPassword());
    }

    private static Supplier<Duration> brokerCpu(LocalMosquitto mosquitto) {
        return mosquitto == null ? () -> null : mosquitto::cpuTime;
    }

    /** The embedded server's CPU; an external database's is not known (it may well run on another machine). */
    private static Supplier<Duration> databaseCpu(EmbeddedPostgres embedded) {
        return embedded == null ? () -> null : embedded::cpuTime;
    }

    private Map<String, Object> figures(LoadRun.Figures f, DeliveryTracker tracker) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("reads_taken", f.reads());
        r.put("reads_per_s", Math.round(f.readsPerSecond()));
        r.put("seconds", Math.round(f.seconds() * 100) / 100.0);
        r.put("latency_measured_messages", tracker.latency().getTotalCount());
        r.put("messages_out_of_order", tracker.mismatched() + tracker.unexpected());
        r.put("latency_ms", percentiles(tracker.latency()));
        Histogram steady = tracker.steadyLatency();
        if (steady.getTotalCount() > 0) {
            Map<String, Object> ms = percentiles(steady);
            ms.put("messages", steady.getTotalCount());
            r.put("latency_after_warmup_ms", ms);
        }
        r.put("cpu_cores_used", Math.round(f.cpuCores() * 100) / 100.0);
        if (f.brokerCpuCores() != null) {
            r.put("broker_cpu_cores_used", Math.round(f.brokerCpuCores() * 100) / 100.0);
        }
        if (f.databaseCpuCores() != null) {
            r.put("database_cpu_cores_used", Math.round(f.databaseCpuCores() * 100) / 100.0);
        }
        r.put("max_heap_used_mb", f.maxHeapBytes() / (1024 * 1024));
        return r;
    }

    private static String otherCores(Double cores, String process) {
        return cores == null ? "" : String.format(Locale.ROOT, " + %.2f cores (%s)", cores, process);
    }

    private static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> ms = new LinkedHashMap<>();
        ms.put("p50", h.getValueAtPercentile(50) / 1e6);
        ms.put("p90", h.getValueAtPercentile(90) / 1e6);
        ms.put("p99", h.getValueAtPercentile(99) / 1e6);
        ms.put("p99.9", h.getValueAtPercentile(99.9) / 1e6);
        ms.put("max", h.getMaxValue() / 1e6);
        return ms;
    }

    private static String seconds(Duration d) {
        return new java.math.BigDecimal(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
    }

    private static String describe(Histogram h) {
        return String.format(Locale.ROOT, "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms",
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
    }

    private void print(String who, LoadRun.Figures f, DeliveryTracker tracker) {
        out.printf(Locale.ROOT, "%s: %,d reads in %.1f s: %,.0f reads/s (target %s)%n", who, f.reads(), f.seconds(),
                f.readsPerSecond(), rate > 0 ? String.format(Locale.ROOT, "%,.0f reads/s", rate) : "max");
        out.printf(Locale.ROOT, "  latency from scheduled send to taken: %s%n", describe(tracker.latency()));
        Histogram steady = tracker.steadyLatency();
        if (steady.getTotalCount() > 0) {
            out.printf(Locale.ROOT, "  after the first %s (%,d of %,d messages): %s%n", seconds(warmup()),
                    steady.getTotalCount(), tracker.messages(), describe(steady));
        } else {
            out.printf(Locale.ROOT, "  (no message was scheduled after the first %s)%n", seconds(warmup()));
        }
        out.printf(Locale.ROOT, "  CPU %.2f cores (this process)%s%s, heap max %,d MB%n", f.cpuCores(),
                otherCores(f.brokerCpuCores(), "Mosquitto"), otherCores(f.databaseCpuCores(), "PostgreSQL"),
                f.maxHeapBytes() / (1024 * 1024));
        long off = tracker.mismatched() + tracker.unexpected();
        if (off > 0) {
            out.printf(Locale.ROOT, "warning: %,d messages arrived out of their sending order or more than once;"
                    + " their latencies are approximate%n", off);
        }
    }
}
