package io.tagtrail.sim;

import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.layout.Reader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.layout.ZoneKind;
import io.tagtrail.member.Member;
import io.tagtrail.model.Epc;
import io.tagtrail.model.TagKind;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The reader simulator: plans what every tag really does (ground truth), then plays the store's readers cycle by
 * cycle, reading tags in each antenna's zone (with missed reads) and in neighbouring zones (weaker cross-reads),
 * and publishes each reader's cycle as one message in a reader format. Deterministic for a seed and a start.
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
    private volatile long messagesPublished;
    private volatile long simMillis;

    public Simulator(StoreLayout layout, Scenario scenario, TopicScheme topics, ReaderPayloadEncoder encoder) {
        this.layout = layout;
        this.scenario = scenario;
        this.topics = topics;
        this.encoder = encoder;
        this.plans = new ShopperPlanner(layout, scenario).plan();
        this.merchandise = merchandise();
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

    public long readsPublished() {
        return readsPublished;
    }

    public long messagesPublished() {
        return messagesPublished;
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
     * (staff excluded, as from shopper figures).
     */
    public void writeTruth(Path file) throws IOException {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            writeTruth(w);
        }
    }

    public void writeTruth(Writer w) throws IOException {
        long end = scenario.end().toEpochMilli();
        String store = layout.storeId();
        for (ShopperPlan p : plans) {
            if (p.isStaff() || p.arrivalMillis() >= end) {
                continue;
            }
            String epc = Epc.toHex(p.epcHi(), p.epcLo());
            List<String> path = new ArrayList<>();
            long tripEnd = p.arrivalMillis();
            for (int i = 0; i < p.zones().length && p.enterMillis()[i] < end; i++) {
                long exit = Math.min(p.exitMillis()[i], end);
                String zone = layout.zone(p.zones()[i]).id();
                path.add(zone);
                tripEnd = exit;
                w.write("{\"type\":\"zone_visit\",\"store_id\":\"" + store + "\",\"epc\":\"" + epc
                        + "\",\"zone_id\":\"" + zone + "\",\"enter\":\"" + Instant.ofEpochMilli(p.enterMillis()[i])
                        + "\",\"exit\":\"" + Instant.ofEpochMilli(exit) + "\"}\n");
            }
            StringBuilder pathJson = new StringBuilder("[");
            for (int i = 0; i < path.size(); i++) {
                pathJson.append(i == 0 ? "" : ",").append('"').append(path.get(i)).append('"');
            }
            pathJson.append(']');
            w.write("{\"type\":\"trip\",\"store_id\":\"" + store + "\",\"epc\":\"" + epc + "\",\"start\":\""
                    + Instant.ofEpochMilli(p.arrivalMillis()) + "\",\"end\":\"" + Instant.ofEpochMilli(tripEnd)
                    + "\",\"path\":" + pathJson + "}\n");
        }
    }

    /**
     * Plays the run. {@code speed} is simulated seconds per wall second; {@code Double.POSITIVE_INFINITY} runs as
     * fast as the publisher takes messages.
     */
    public void run(ReadPublisher publisher, double speed, Progress progress) throws InterruptedException {
        RfModel rf = scenario.rf();
        SplittableRandom rnd = new SplittableRandom(scenario.seed() * 0x9E3779B97F4A7C15L + 17);
        List<ShopperPlan> tags = new ArrayList<>(plans);
        tags.addAll(merchandise);
        Movement movement = new Movement(tags, layout.zoneCount());

        List<Reader> readers = layout.readers();
        String[] readerTopics = readers.stream().map(r -> topics.topic(layout.storeId(), r.id())).toArray(String[]::new);
        String[] hostnames = readers.stream().map(r -> r.hostname() != null ? r.hostname() : r.id())
                .toArray(String[]::new);
        int[][] ports = new int[readers.size()][];
        for (Reader r : readers) {
            ports[r.index()] = r.antennaZones().keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        Batch batch = new Batch(4096);

        long start = scenario.start().toEpochMilli();
        long end = scenario.end().toEpochMilli();
        long step = Math.max(1, rf.cycleMillis() / readers.size());
        long wallStart = System.nanoTime();
        long lastProgress = 0;
        for (long k = 0; ; k++) {
            long cycleStart = start + k * step;
            if (cycleStart >= end) {
                break;
            }
            int r = (int) (k % readers.size());
            movement.advanceTo(cycleStart);
            if (Double.isFinite(speed)) {
                long due = wallStart + (long) ((cycleStart - start) * 1_000_000.0 / speed);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            batch.clear();
            int[] readerPorts = ports[r];
            long slot = rf.cycleMillis() * 1000L / readerPorts.length;
            for (int a = 0; a < readerPorts.length; a++) {
                int port = readerPorts[a];
                int zone = layout.zoneOf(r, port);
                long antennaMicros = cycleStart * 1000 + a * slot;
                for (int tag : movement.in(zone)) {
                    if (rnd.nextDouble() >= rf.missProbability()) {
                        double rssi = rf.ownRssiDbm() + rf.rssiSigmaDb() * ShopperPlanner.gaussian(rnd);
                        batch.add(antennaMicros + rnd.nextLong(slot), tags.get(tag), port, rssi);
                    }
                }
                for (int neighbour : layout.neighbours(zone)) {
                    for (int tag : movement.in(neighbour)) {
                        if (rnd.nextDouble() < rf.crossReadProbability()) {
                            double rssi = rf.ownRssiDbm() - rf.crossOffsetDb()
                                    + rf.rssiSigmaDb() * ShopperPlanner.gaussian(rnd);
                            batch.add(antennaMicros + rnd.nextLong(slot), tags.get(tag), port, rssi);
                        }
                    }
                }
            }
            if (batch.n > 0) {
                batch.sortByTime();
                byte[] payload = encoder.encode(hostnames[r], batch.n, batch.time, batch.hi, batch.lo, batch.antenna,
                        batch.rssi);
                publisher.publish(readerTopics[r], payload, batch.n);
                readsPublished += batch.n;
                messagesPublished++;
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

    public long simMillis() {
        return simMillis;
    }

    private List<ShopperPlan> merchandise() {
        List<ShopperPlan> items = new ArrayList<>();
        long start = scenario.start().toEpochMilli();
        long end = scenario.end().toEpochMilli();
        int serial = 0;
        for (var zone : layout.zones()) {
            if (zone.kind() != ZoneKind.COUNTER) {
                continue;
            }
            for (int i = 0; i < scenario.merchandisePerCounter(); i++) {
                long hi = ((long) TagKind.HEADER_SGTIN_96 << 56) | (0x3L << 53) | (scenario.seed() & 0xFFFFFFL);
                items.add(new ShopperPlan(hi, ++serial, null, new int[]{zone.index()}, new long[]{start},
                        new long[]{end}));
            }
        }
        return items;
    }

    /** Which tags stand in which zone at the simulated time reached so far. */
    private static final class Movement {
        private final List<ShopperPlan> tags;
        private final long[] eventTime;
        private final int[] eventTag;
        private final int[] eventVisit;
        private final IntList[] inZone;
        private int next;

        Movement(List<ShopperPlan> tags, int zones) {
            this.tags = tags;
            int n = 0;
            for (ShopperPlan p : tags) {
                n += p.zones().length + 1;
            }
            long[][] events = new long[n][];
            int k = 0;
            for (int t = 0; t < tags.size(); t++) {
                ShopperPlan p = tags.get(t);
                for (int v = 0; v < p.zones().length; v++) {
                    events[k++] = new long[]{p.enterMillis()[v], t, v};
                }
                events[k++] = new long[]{p.departureMillis(), t, -1};
            }
            Arrays.sort(events, Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1])
                    .thenComparingLong(e -> e[2] < 0 ? Long.MAX_VALUE : e[2]));
            eventTime = new long[n];
            eventTag = new int[n];
            eventVisit = new int[n];
            for (int i = 0; i < n; i++) {
                eventTime[i] = events[i][0];
                eventTag[i] = (int) events[i][1];
                eventVisit[i] = (int) events[i][2];
            }
            inZone = new IntList[zones];
            for (int z = 0; z < zones; z++) {
                inZone[z] = new IntList();
            }
        }

        void advanceTo(long millis) {
            while (next < eventTime.length && eventTime[next] <= millis) {
                ShopperPlan p = tags.get(eventTag[next]);
                int v = eventVisit[next];
                if (v < 0) {
                    inZone[p.zones()[p.zones().length - 1]].remove(eventTag[next]);
                } else {
                    if (v > 0) {
                        inZone[p.zones()[v - 1]].remove(eventTag[next]);
                    }
                    inZone[p.zones()[v]].add(eventTag[next]);
                }
                next++;
            }
        }

        int[] in(int zone) {
            return inZone[zone].toArray();
        }
    }

    /** A growable int list whose snapshot array is cached until it changes. */
    private static final class IntList {
        private int[] values = new int[16];
        private int size;
        private int[] snapshot = new int[0];
        private boolean dirty;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
            dirty = true;
        }

        void remove(int v) {
            for (int i = 0; i < size; i++) {
                if (values[i] == v) {
                    System.arraycopy(values, i + 1, values, i, size - i - 1);
                    size--;
                    dirty = true;
                    return;
                }
            }
        }

        int[] toArray() {
            if (dirty) {
                snapshot = Arrays.copyOf(values, size);
                dirty = false;
            }
            return snapshot;
        }
    }

    /** One reader cycle's reads, in parallel arrays. */
    private static final class Batch {
        long[] time;
        long[] hi;
        long[] lo;
        int[] antenna;
        int[] rssi;
        int n;

        Batch(int capacity) {
            time = new long[capacity];
            hi = new long[capacity];
            lo = new long[capacity];
            antenna = new int[capacity];
            rssi = new int[capacity];
        }

        void clear() {
            n = 0;
        }

        void add(long timeMicros, ShopperPlan tag, int port, double rssiDbm) {
            if (n == time.length) {
                int c = n * 2;
                time = Arrays.copyOf(time, c);
                hi = Arrays.copyOf(hi, c);
                lo = Arrays.copyOf(lo, c);
                antenna = Arrays.copyOf(antenna, c);
                rssi = Arrays.copyOf(rssi, c);
            }
            time[n] = timeMicros;
            hi[n] = tag.epcHi();
            lo[n] = tag.epcLo();
            antenna[n] = port;
            rssi[n] = (int) Math.round(rssiDbm * 10) * 10;
            n++;
        }

        void sortByTime() {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingLong(i -> time[i]));
            long[] t2 = new long[n];
            long[] h2 = new long[n];
            long[] l2 = new long[n];
            int[] a2 = new int[n];
            int[] r2 = new int[n];
            for (int i = 0; i < n; i++) {
                int j = order[i];
                t2[i] = time[j];
                h2[i] = hi[j];
                l2[i] = lo[j];
                a2[i] = antenna[j];
                r2[i] = rssi[j];
            }
            System.arraycopy(t2, 0, time, 0, n);
            System.arraycopy(h2, 0, hi, 0, n);
            System.arraycopy(l2, 0, lo, 0, n);
            System.arraycopy(a2, 0, antenna, 0, n);
            System.arraycopy(r2, 0, rssi, 0, n);
        }
    }
}
