package io.tagtrail.app;

import io.tagtrail.config.TagTrailConfig;
import io.tagtrail.core.PipelineConfig;
import io.tagtrail.core.ResultSink;
import io.tagtrail.core.StorePipeline;
import io.tagtrail.db.ConnectionPool;
import io.tagtrail.db.DatabaseProbe;
import io.tagtrail.db.DbConfig;
import io.tagtrail.db.JdbcResultWriter;
import io.tagtrail.db.LayoutStore;
import io.tagtrail.db.MemberCardStore;
import io.tagtrail.db.Schema;
import io.tagtrail.db.SecretStore;
import io.tagtrail.db.StoreRecovery;
import io.tagtrail.db.StoragePolicies;
import io.tagtrail.decode.DecoderSelector;
import io.tagtrail.http.HttpEndpoint;
import io.tagtrail.ingest.AckPolicy;
import io.tagtrail.ingest.BrokerSubscriber;
import io.tagtrail.ingest.IntakeLane;
import io.tagtrail.ingest.IntakeCounters;
import io.tagtrail.ingest.MqttReadEndpoint;
import io.tagtrail.ingest.ReadIntake;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.MemberDirectory;
import io.tagtrail.member.MemberPseudonyms;
import io.tagtrail.security.ReaderCredentials;
import io.tagtrail.security.TlsFiles;
import io.tagtrail.metrics.LatencyRecorder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The running service: schema, layouts and member directory in the database, one pipeline per store on one
 * owning Vert.x context, the intake, the MQTT edge (own endpoint or external broker) and the database writer.
 */
public final class TagTrailService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TagTrailService.class.getName());
    /** Messages a durable intake remembers, to recognise one delivered again: minutes of a large store's reports. */
    private static final int RECENT_MESSAGES = 1 << 16;

    private final Vertx vertx;
    private final TagTrailConfig cfg;
    private final Context owner;
    private final Map<String, StorePipeline> pipelines;
    private final MemberDirectory members;
    private final JdbcResultWriter writer;
    private final IntakeCounters counters = new IntakeCounters();
    private final ReadIntake intake;
    private MqttReadEndpoint endpoint;
    private BrokerSubscriber subscriber;
    private final DatabaseProbe database;
    private final ConnectionPool pool;
    private HttpEndpoint http;
    private volatile boolean stopping;
    private int endpointPort = -1;
    private int httpPort = -1;
    private long probeTimer = -1;
    private LayoutWatcher layoutWatcher;
    private long idleTimer = -1;
    private long refreshTimer = -1;

    private TagTrailService(Vertx vertx, TagTrailConfig cfg, Map<String, StoreLayout> layouts,
                            MemberDirectory members, ResultSink results) {
        this.members = members;
        this.vertx = vertx;
        this.cfg = cfg;
        this.owner = vertx.getOrCreateContext();
        this.writer = new JdbcResultWriter(cfg.db(), cfg.writer());
        this.database = new DatabaseProbe(cfg.db());
        this.pool = new ConnectionPool(cfg.db(), cfg.dbPoolSize());
        Map<String, StorePipeline> p = new LinkedHashMap<>();
        PipelineConfig pc = cfg.pipeline();
        ResultSink sink = results != null ? results : writer;
        layouts.forEach((id, layout) -> p.put(id, new StorePipeline(layout, pc, members, sink)));
        this.pipelines = Collections.unmodifiableMap(p);
        this.intake = new ReadIntake(cfg.mqtt().topics(), pipelines, () -> new DecoderSelector(cfg.endpoint().format()),
                cfg.endpoint().maxPayloadBytes(), counters);
        if (cfg.endpoint().durable()) {
            intake.recogniseRedeliveries(RECENT_MESSAGES);
        }
    }

    /**
     * Prepares the database (migrations, layouts, member cards), then starts taking reads: from the external broker
     * when one is configured, else on the own endpoint.
     */
    public static TagTrailService start(Vertx vertx, TagTrailConfig cfg, Map<String, StoreLayout> layouts)
            throws Exception {
        return start(vertx, cfg, layouts, null);
    }

    /**
     * As {@link #start(Vertx, TagTrailConfig, Map)}, with the stores' results going to {@code results} instead of
     * the database writer (null: the writer); {@code bench --discard-results} measures the service without the
     * database's work this way.
     */
    static TagTrailService start(Vertx vertx, TagTrailConfig cfg, Map<String, StoreLayout> layouts,
                                 ResultSink results) throws Exception {
        if (results != null && cfg.writer().intakeLog()) {
            throw new IllegalArgumentException("a durable intake logs every message through the database writer;"
                    + " its results cannot go elsewhere");
        }
        DbConfig db = cfg.db();
        int applied = Schema.migrate(db);
        if (applied > 0) {
            LOG.info("applied " + applied + " schema migration(s)");
        }
        applyStoragePolicies(db, cfg);
        TagTrailService service;
        try (Connection c = db.connect()) {
            service = new TagTrailService(vertx, cfg, layouts, new MemberDirectory(memberIds(cfg.privacy(), c)),
                    results);
            for (StoreLayout layout : layouts.values()) {
                LayoutStore.upsert(c, layout);
            }
            service.members.replace(MemberCardStore.loadAll(c));
            if (!cfg.writer().intakeLog()) {
                // a layout loaded ahead of its effective time waits for it (with a durable intake the replay decides,
                // from where it begins)
                for (StorePipeline p : service.pipelines.values()) {
                    LayoutStore.startUnderVersionInForce(c, p, Instant.now());
                }
            } else {
                DecoderSelector decoders = new DecoderSelector(cfg.endpoint().format());
                for (StorePipeline p : service.pipelines.values()) {
                    long replayed = StoreRecovery.replay(c, p, decoders, System.currentTimeMillis());
                    if (replayed > 0) {
                        LOG.info("store " + p.layout().storeId() + ": rebuilt open visits and trips from " + replayed
                                + " reads of logged messages");
                    }
                }
                StoreRecovery.latestMessages(c, service.pipelines.keySet(), RECENT_MESSAGES,
                        service.intake::remember);
            }
        }
        service.startEdges();
        return service;
    }

    /**
     * Retention, compression and roll-up refresh as configured (TimescaleDB only). A database user that may not
     * manage them leaves the service running on the policies already there, with a warning.
     */
    private static void applyStoragePolicies(DbConfig db, TagTrailConfig cfg) {
        try (Connection c = db.connect()) {
            new StoragePolicies(cfg.storage()).apply(c).forEach(change -> LOG.info("storage: " + change));
        } catch (java.sql.SQLException e) {
            LOG.warning("storage policies not applied (retention, compression and roll-up refresh stay as they"
                    + " were): " + e.getMessage());
        }
    }

    private void startEdges() throws Exception {
        database.check();
        probeTimer = vertx.setPeriodic(2_000, t -> vertx.executeBlocking(database::check, false));
        if (cfg.http().port() >= 0) {
            http = new HttpEndpoint(vertx, new ServiceStatus(this), cfg.http().token());
            httpPort = await(http.start(cfg.http().host(), cfg.http().port()));
            LOG.info("HTTP on " + cfg.http().host() + ":" + httpPort);
        }
        idleTimer = vertx.setPeriodic(1_000, t -> owner.runOnContext(v -> {
            long now = System.currentTimeMillis();
            boolean heldBack = holdingBack();
            pipelines.values().forEach(p -> {
                if (heldBack) {
                    p.holdIdle(now);
                } else {
                    p.onIdle(now);
                }
            });
        }));
        long refreshMillis = cfg.memberRefresh().toMillis();
        refreshTimer = vertx.setPeriodic(refreshMillis, t -> vertx.executeBlocking(() -> {
            try (ConnectionPool.Lease lease = pool.lease()) {
                try {
                    return members.replace(MemberCardStore.loadAll(lease.connection()));
                } catch (SQLException e) {
                    lease.broken();
                    throw e;
                }
            }
        }).onFailure(e -> LOG.warning("member directory refresh failed: " + e.getMessage())));
        if (cfg.mqtt().url() != null) {
            TagTrailConfig.Mqtt m = cfg.mqtt();
            IntakeLane lane = new IntakeLane(owner, intake);
            BrokerSubscriber.Settings settings = new BrokerSubscriber.Settings(m.url(), m.clientId(), m.username(),
                    m.password(), m.subscriptions(pipelines.keySet()), m.qos(), m.maxInflight(),
                    protocolLimit(cfg.endpoint().maxPayloadBytes()),
                    m.tlsCa() == null ? null : TlsFiles.trust(m.tlsCa(), m.tlsCaPassword()));
            subscriber = new BrokerSubscriber(vertx, owner, (topic, payload, wallMillis, taken) ->
                    lane.submit(topic, payload, wallMillis, taken), settings, ackPolicy());
            await(subscriber.start());
        } else {
            TagTrailConfig.Endpoint e = cfg.endpoint();
            endpoint = new MqttReadEndpoint(vertx, owner, intake, protocolLimit(e.maxPayloadBytes()),
                    e.usersFile() == null ? null : ReaderCredentials.load(e.usersFile()),
                    e.tlsCert() == null ? null : TlsFiles.keyCert(e.tlsCert(), e.tlsKey(), e.tlsPassword()),
                    ackPolicy());
            endpointPort = await(endpoint.start(cfg.endpoint().host(), cfg.endpoint().port()));
            LOG.info("MQTT endpoint listening on " + cfg.endpoint().host() + ":" + endpointPort);
        }
    }

    private static UnaryOperator<String> memberIds(TagTrailConfig.Privacy privacy, Connection c) throws SQLException {
        if (!privacy.pseudonymiseMembers()) {
            return UnaryOperator.identity();
        }
        byte[] key = privacy.memberKey() != null ? privacy.memberKey().getBytes(StandardCharsets.UTF_8)
                : SecretStore.getOrCreate(c, "member-pseudonym-key", 32);
        return new MemberPseudonyms(key);
    }

    /**
     * The MQTT decoders accept messages up to four times the payload limit, so that an oversized payload is still
     * read, rejected and counted by the intake; only far larger ones make the decoder drop the connection.
     */
    static int protocolLimit(int maxPayloadBytes) {
        return (int) Math.min(64L * 1024 * 1024, Math.max(64L * 1024, 4L * maxPayloadBytes));
    }

    /**
     * Whether reads may be waiting because of this instance rather than the readers: the database or the broker
     * is away, or the writer is behind. Quiet readers then do not mean that event time moved on.
     */
    private boolean holdingBack() {
        return holdingBack(database.up() && writer.healthy(), subscriber == null || subscriber.isConnected(),
                writer.backlog(), cfg.writer().queueCapacity(), writer.heldPayloadBytes());
    }

    /**
     * The rule behind {@link #holdingBack()}: the database (or the writer on it) or the broker is away, or the writer
     * holds more than a tenth of what it may hold, in results queued or in logged payloads not yet committed.
     */
    static boolean holdingBack(boolean databaseUp, boolean brokerConnected, long backlog, int queueCapacity,
                               long heldPayloadBytes) {
        return !databaseUp || !brokerConnected || backlog > queueCapacity / 10
                || heldPayloadBytes > JdbcResultWriter.MAX_HELD_PAYLOAD_BYTES / 10;
    }

    /** Acknowledge at once, or (durable intake) once the message is committed to the intake log. */
    private AckPolicy ackPolicy() {
        if (!cfg.endpoint().durable()) {
            return AckPolicy.IMMEDIATE;
        }
        return writer::whenWritten;
    }

    /** Port of the own MQTT endpoint, or -1 when reading from an external broker. */
    public int endpointPort() {
        return endpointPort;
    }

    public TagTrailConfig config() {
        return cfg;
    }

    /** Reloads layouts from {@code dir} every {@code interval} (see {@link LayoutWatcher}). */
    public void watchLayouts(Path dir, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        layoutWatcher = new LayoutWatcher(vertx, this, dir);
        layoutWatcher.start(interval);
    }

    /** Port of the HTTP endpoint (health, metrics, live API), or -1 when it is off. */
    public int httpPort() {
        return httpPort;
    }

    public DatabaseProbe database() {
        return database;
    }

    /** Null when reading from the own endpoint, else whether the broker connection is up. */
    public Boolean brokerConnected() {
        return subscriber == null ? null : subscriber.isConnected();
    }

    public int endpointConnections() {
        return endpoint == null ? 0 : endpoint.connections();
    }

    /** Heap held by messages the connections decoded and the pipelines have not taken yet. */
    public long intakeHeldBytes() {
        return intake.heldBytes();
    }

    public LatencyRecorder intakeLatency() {
        return intake.latency();
    }

    /**
     * Tells {@code listener} (on the thread that owns the pipelines) of every message once its reads are in their
     * store pipeline; null stops it. For load tests, which time each message up to that moment.
     */
    public void listenToIntake(ReadIntake.MessageListener listener) throws Exception {
        CompletableFuture<Void> set = new CompletableFuture<>();
        owner.runOnContext(v -> {
            intake.listener(listener);
            set.complete(null);
        });
        set.get(60, TimeUnit.SECONDS);
    }

    /** True once shutdown has begun: the instance reports itself not ready. */
    public boolean stopping() {
        return stopping;
    }

    /** Runs a task on the thread that owns the store pipelines. */
    void onOwner(Runnable task) {
        owner.runOnContext(v -> task.run());
    }

    public IntakeCounters counters() {
        return counters;
    }

    public Map<String, StorePipeline> pipelines() {
        return pipelines;
    }

    public MemberDirectory members() {
        return members;
    }

    public JdbcResultWriter writer() {
        return writer;
    }

    /** Sum of open visits over all stores (read from any thread; approximate while running). */
    public int openVisits() {
        return pipelines.values().stream().mapToInt(StorePipeline::openVisits).sum();
    }

    /**
     * Closes every open visit and trip and writes everything: the end of a run, or a graceful shutdown once intake
     * has stopped.
     */
    public void finish(Duration timeout) throws Exception {
        finish(timeout, pipelines.keySet());
    }

    /** {@link #finish(Duration)} for some stores only; the others go on. */
    public void finish(Duration timeout, Collection<String> storeIds) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        owner.runOnContext(v -> {
            try {
                storeIds.forEach(id -> pipelines.get(id).finish());
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!writer.flush(timeout)) {
            throw new IllegalStateException("database writer still has " + writer.backlog() + " rows after "
                    + timeout.toSeconds() + " s");
        }
    }

    /** Stops taking reads. */
    public void stopIntake() throws Exception {
        stopping = true;
        if (layoutWatcher != null) {
            layoutWatcher.stop();
        }
        if (endpoint != null) {
            await(endpoint.stop());
        }
        if (subscriber != null) {
            await(subscriber.stop());
        }
        vertx.cancelTimer(idleTimer);
        vertx.cancelTimer(refreshTimer);
    }

    @Override
    public void close() throws Exception {
        stopIntake();
        writer.close();
        vertx.cancelTimer(probeTimer);
        if (http != null) {
            await(http.stop());
        }
        database.close();
        pool.close();
    }

    /** Connections for background work (member refresh, layout reloads). */
    ConnectionPool pool() {
        return pool;
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

}
