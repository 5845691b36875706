package io.tagtrail.sim;

import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.Member;
import io.tagtrail.model.Epc;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The reader simulator: plans what every tag really does (ground truth), then plays the store's readers cycle by
 * cycle, reading tags in each antenna's zone (with missed reads and duplicate reports) and in neighbouring zones
 * (weaker cross-reads), stamping reads with each reader's clock, staying silent through reader outages, and
 * publishing each reader's cycle as one or more messages in a reader format. Deterministic for a seed and a
 * start: the plans, the truth and every published byte.
 */
public final class Simulator {
    /** Called now and then with the simulated time reached and the reads published so far. */
    public interface Progress {
        void update(long simMillis, long readsPublished, long messagesPublished);
    }

    private final StoreLayout layout;
    private final Scenario scenario;
    private final TopicScheme topics;
    private final ReaderPayloadEncoder encoder;
    private final List<ShopperPlan> plans;
    private final List<ShopperPlan> merchandise;
    private volatile long readsPublished;
    private volatile long duplicatesPublished;
    private volatile long messagesPublished;
    private volatile long simMillis;

    public Simulator(StoreLayout layout, Scenario scenario, TopicScheme topics, ReaderPayloadEncoder encoder) {
        this.layout = layout;
        this.scenario = scenario;
        this.topics = topics;
        this.encoder = encoder;
        ShopperPlanner planner = new ShopperPlanner(layout, scenario);
        this.plans = planner.plan();
        this.merchandise = planner.merchandise();
        // checks the scenario's reader and antenna overrides against the layout before anything runs
        ReaderRadio.of(layout, scenario.rf(), new SplittableRandom(0), 0, 0);
    }

    public StoreLayout layout() {
        return layout;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Every shopper and staff plan. */
    public List<ShopperPlan> plans() {
        return plans;
    }

    /** The merchandise lying in the store. */
    public List<ShopperPlan> merchandise() {
        return merchandise;
    }

    /** Published reads that repeat another exactly (duplicate reports); the service counts each such read once. */
    public long duplicatesPublished() {
        return duplicatesPublished;
    }

    public long readsPublished() {
        return readsPublished;
    }

    public long messagesPublished() {
        return messagesPublished;
    }

    public long simMillis() {
        return simMillis;
    }

    /** The most shoppers (staff excluded) inside the store at one moment of the run. */
    public int peakShoppersInside() {
        long end = scenario.end().toEpochMilli();
        List<long[]> changes = new ArrayList<>();
        for (ShopperPlan p : plans) {
            if (!p.isStaff() && p.arrivalMillis() < end) {
                changes.add(new long[]{p.arrivalMillis(), 1});
                changes.add(new long[]{Math.min(p.departureMillis(), end), -1});
            }
        }
        changes.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int inside = 0;
        int peak = 0;
        for (long[] c : changes) {
            inside += (int) c[1];
            peak = Math.max(peak, inside);
        }
        return peak;
    }

    /** The membership cards behind the simulated tags (staff included), by EPC hex: the CRM's side. */
    public Map<String, Member> memberCards() {
        Map<String, Member> cards = new LinkedHashMap<>();
        for (ShopperPlan p : plans) {
            if (p.member() != null) {
                cards.put(Epc.toHex(p.epcHi(), p.epcLo()), p.member());
            }
        }
        return cards;
    }

    /**
     * Writes what really happened as JSON Lines: every shopper zone visit and trip, cut at the end of the run
     * (staff excluded, as from shopper figures; merchandise is never a visit).
     */
    public void writeTruth(Path file) throws IOException {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            writeTruth(w);
        }
    }

    public void writeTruth(Writer w) throws IOException {
        long end = scenario.end().toEpochMilli();
        String store = layout.storeId();
        StringBuilder path = new StringBuilder();
        for (ShopperPlan p : plans) {
            if (p.isStaff() || p.arrivalMillis() >= end) {
                continue;
            }
            String epc = Epc.toHex(p.epcHi(), p.epcLo());
            path.setLength(0);
            long tripEnd = p.arrivalMillis();
            for (int i = 0; i < p.zones().length && p.enterMillis()[i] < end; i++) {
                long exit = Math.min(p.exitMillis()[i], end);
                String zone = layout.zone(p.zones()[i]).id();
                path.append(i == 0 ? "" : ",").append('"').append(zone).append('"');
                tripEnd = exit;
                w.write("{\"type\":\"zone_visit\",\"store_id\":\"" + store + "\",\"epc\":\"" + epc
                        + "\",\"zone_id\":\"" + zone + "\",\"enter\":\"" + Instant.ofEpochMilli(p.enterMillis()[i])
                        + "\",\"exit\":\"" + Instant.ofEpochMilli(exit) + "\"}\n");
            }
            w.write("{\"type\":\"trip\",\"store_id\":\"" + store + "\",\"epc\":\"" + epc + "\",\"start\":\""
                    + Instant.ofEpochMilli(p.arrivalMillis()) + "\",\"end\":\"" + Instant.ofEpochMilli(tripEnd)
                    + "\",\"path\":[" + path + "]}\n");
        }
    }

    /** One line of JSON describing the run, for the head of a record file. */
    public String describe() {
        return "{\"store_id\":\"" + layout.storeId() + "\",\"scenario\":\"" + scenario.name().replace("\"", "'")
                + "\",\"format\":\"" + encoder.format() + "\",\"seed\":" + scenario.seed() + ",\"start\":\""
                + scenario.start() + "\",\"end\":\"" + scenario.end() + "\"}";
    }

    /**
     * Plays the run. {@code speed} is simulated seconds per wall second; {@code Double.POSITIVE_INFINITY} runs as
     * fast as the publisher takes messages.
     */
    public void run(ReadPublisher publisher, double speed, Progress progress) throws InterruptedException {
        long start = scenario.start().toEpochMilli();
        long end = scenario.end().toEpochMilli();
        SplittableRandom rnd = runRandom();
        ReaderRadio[] readers = radios(rnd);
        List<ShopperPlan> tags = new ArrayList<>(plans.size() + merchandise.size());
        tags.addAll(plans);
        tags.addAll(merchandise);
        long[] epcHi = tags.stream().mapToLong(ShopperPlan::epcHi).toArray();
        long[] epcLo = tags.stream().mapToLong(ShopperPlan::epcLo).toArray();
        ZoneOccupancy occupancy = new ZoneOccupancy(tags, layout.zoneCount(), Math.min(start,
                tags.stream().mapToLong(ShopperPlan::arrivalMillis).min().orElse(start)));
        String[] readerTopics = Arrays.stream(readers).map(r -> topics.topic(layout.storeId(), r.id))
                .toArray(String[]::new);
        int maxPerMessage = scenario.rf().maxReadsPerMessage();
        ReadBatch batch = new ReadBatch();

        long[] nextCycle = new long[readers.length];
        for (ReaderRadio r : readers) {
            nextCycle[r.index] = start + (long) r.cycleMillis * r.index / readers.length;
        }
        long wallStart = System.nanoTime();
        long lastProgress = start;
        while (true) {
            int r = 0;
            for (int i = 1; i < readers.length; i++) {
                if (nextCycle[i] < nextCycle[r]) {
                    r = i;
                }
            }
            long cycleStart = nextCycle[r];
            if (cycleStart >= end) {
                break;
            }
            ReaderRadio reader = readers[r];
            nextCycle[r] += reader.cycleMillis;
            occupancy.advanceTo(cycleStart);
            if (Double.isFinite(speed)) {
                pace(wallStart, cycleStart - start, speed);
            }
            if (!reader.down(cycleStart)) {
                inventory(reader, cycleStart, occupancy, batch, rnd);
                if (batch.size() > 0) {
                    batch.sort(epcHi, epcLo);
                    for (int from = 0; from < batch.size(); from += maxPerMessage) {
                        int to = Math.min(batch.size(), from + maxPerMessage);
                        byte[] payload = encoder.encode(reader.hostname, from, to, batch.outTime, batch.outHi,
                                batch.outLo, batch.outAntenna, batch.outRssi);
                        publisher.publish(readerTopics[r], payload, to - from, cycleStart);
                        readsPublished += to - from;
                        messagesPublished++;
                    }
                    duplicatesPublished += batch.repeats();
                }
            }
            simMillis = cycleStart;
            if (progress != null && cycleStart - lastProgress >= 1_000) {
                lastProgress = cycleStart;
                progress.update(cycleStart, readsPublished, messagesPublished);
            }
        }
        publisher.flush();
        simMillis = end;
        if (progress != null) {
            progress.update(end, readsPublished, messagesPublished);
        }
    }

    /** The random stream of a run, from the seed (planning uses another). */
    SplittableRandom runRandom() {
        return new SplittableRandom(scenario.seed() * 0x9E3779B97F4A7C15L + 17);
    }

    /** The readers of a run: their clock offsets and outages come first from the run's random stream. */
    ReaderRadio[] radios(SplittableRandom runRandom) {
        return ReaderRadio.of(layout, scenario.rf(), runRandom.split(), scenario.start().toEpochMilli(),
                scenario.end().toEpochMilli());
    }

    /** One inventory cycle of one reader: each antenna in turn, in its own time slot of the cycle. */
    private void inventory(ReaderRadio reader, long cycleStart, ZoneOccupancy occupancy, ReadBatch batch,
                           SplittableRandom rnd) {
        long cycleMicros = cycleStart * 1000 + reader.clockOffsetMicros;
        batch.clear(cycleMicros);
        long slot = reader.cycleMillis * 1000L / reader.ports.length;
        for (int a = 0; a < reader.ports.length; a++) {
            int port = reader.ports[a];
            int zone = reader.zones[a];
            AntennaRf rf = reader.antennas[a];
            long antennaMicros = cycleMicros + a * slot;
            double hit = 1 - rf.missProbability();
            double dup = rf.duplicateProbability();
            double sigma = rf.rssiSigmaDb();
            double own = rf.ownRssiDbm();
            int[] inZone = occupancy.members(zone);
            for (int i = 0, n = occupancy.size(zone); i < n; i++) {
                if (rnd.nextDouble() < hit) {
                    batch.add(antennaMicros + rnd.nextLong(slot), inZone[i], port,
                            centiDbm(own + sigma * Gaussian.fast(rnd)));
                    if (dup > 0 && rnd.nextDouble() < dup) {
                        batch.repeatLast();
                    }
                }
            }
            double cross = rf.crossReadProbability();
            if (cross <= 0) {
                continue;
            }
            double weak = own - rf.crossOffsetDb();
            for (int neighbour : layout.neighbours(zone)) {
                int[] there = occupancy.members(neighbour);
                for (int i = 0, n = occupancy.size(neighbour); i < n; i++) {
                    if (rnd.nextDouble() < cross) {
                        batch.add(antennaMicros + rnd.nextLong(slot), there[i], port,
                                centiDbm(weak + sigma * Gaussian.fast(rnd)));
                        if (dup > 0 && rnd.nextDouble() < dup) {
                            batch.repeatLast();
                        }
                    }
                }
            }
        }
    }

    /** RSSI as readers report it: centi-dBm at a resolution of 0.1 dB. */
    private static int centiDbm(double dbm) {
        return (int) Math.round(dbm * 10) * 10;
    }

    private static void pace(long wallStartNanos, long simElapsedMillis, double speed) throws InterruptedException {
        long due = wallStartNanos + (long) (simElapsedMillis * 1_000_000.0 / speed);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }
}
