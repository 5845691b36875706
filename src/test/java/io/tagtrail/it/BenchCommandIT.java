package io.tagtrail.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tagtrail.app.Main;
import io.tagtrail.db.DbConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./tagtrail bench} runs the whole path and reports what it measured. */
class BenchCommandIT {
    private static final String[] RUN = {"--duration", "3m", "--seed", "9", "--start", "2026-11-20T10:00:00Z"};

    private static JsonNode bench(Path out, String... args) throws Exception {
        String[] all = new String[args.length + RUN.length + 3];
        all[0] = "bench";
        System.arraycopy(RUN, 0, all, 1, RUN.length);
        System.arraycopy(args, 0, all, 1 + RUN.length, args.length);
        all[all.length - 2] = "--json";
        all[all.length - 1] = out.toString();
        assertEquals(0, new CommandLine(new Main()).execute(all));
        return new ObjectMapper().readTree(out.toFile());
    }

    /** Every message was taken and timed, in its sending order, with sane percentiles. */
    private static void assertMeasuredEveryMessage(JsonNode run, long reads, long messages) {
        assertEquals(reads, run.get("reads_taken").asLong(), run.toString());
        assertEquals(messages, run.get("latency_measured_messages").asLong(), "every message was timed");
        assertEquals(0, run.get("messages_out_of_order").asLong(), run.toString());
        assertTrue(run.get("reads_per_s").asLong() > 0, run.toString());
        assertTrue(run.get("seconds").asDouble() > 0, run.toString());
        JsonNode ms = run.get("latency_ms");
        assertTrue(ms.get("p50").asDouble() <= ms.get("p99").asDouble()
                && ms.get("p99").asDouble() <= ms.get("max").asDouble(), ms.toString());
        assertTrue(run.get("cpu_cores_used").asDouble() > 0, run.toString());
        assertTrue(run.get("max_heap_used_mb").asLong() > 0, run.toString());
    }

    @Test
    void benchPublishesTheRecordedStreamAndWritesItsFiguresAsJson(@TempDir Path dir) throws Exception {
        JsonNode r = bench(dir.resolve("bench.json"), "--rate", "20000", "--warmup-reads", "5000", "--db-url",
                TestDatabases.freshPostgres().url());
        assertEquals(5000, r.get("warmup_reads").asLong());
        assertEquals("endpoint", r.get("path").asText());
        assertTrue(r.get("reads").asLong() > 5_000, r.toString());
        assertMeasuredEveryMessage(r, r.get("reads").asLong(), r.get("messages").asLong());
        assertEquals(r.get("reads").asLong(), r.get("reads_accepted").asLong(), "the warm-up store's reads apart");
        assertTrue(r.get("zone_visits_written").asLong() > 0, "results were written");
        assertFalse(r.has("broker_cpu_cores_used"), "no broker on this path");
        assertFalse(r.has("database_cpu_cores_used"), "a database named by URL may run anywhere: not measured");
        assertFalse(r.has("latency_after_warmup_ms"), "a run shorter than the 10 s warm-up has nothing after it");
    }

    @Test
    void benchOnItsOwnEmbeddedDatabaseReportsTheDatabasesCpu(@TempDir Path dir) throws Exception {
        JsonNode r = bench(dir.resolve("bench.json"), "--rate", "0", "--warmup-reads", "0");
        assertMeasuredEveryMessage(r, r.get("reads").asLong(), r.get("messages").asLong());
        assertTrue(r.get("zone_visits_written").asLong() > 0, "results were written");
        // the server stores every visit and trip of the run: it cannot have been idle
        assertTrue(r.get("database_cpu_cores_used").asDouble() > 0, r.toString());
    }

    @Test
    void benchWithSeveralStoresGivesEachStoreTheWholeStreamAndEachTheSameResults(@TempDir Path dir)
            throws Exception {
        JsonNode one = bench(dir.resolve("one.json"), "--rate", "0", "--warmup-reads", "0", "--db-url",
                TestDatabases.freshPostgres().url());
        JsonNode three = bench(dir.resolve("three.json"), "--rate", "0", "--warmup-reads", "0", "--stores", "3",
                "--db-url", TestDatabases.freshPostgres().url());
        assertEquals(1, one.get("stores").asInt());
        assertEquals(3, three.get("stores").asInt());
        long reads = one.get("reads").asLong();
        long messages = one.get("messages").asLong();
        assertEquals(3 * reads, three.get("reads").asLong());
        assertEquals(3 * messages, three.get("messages").asLong());
        assertMeasuredEveryMessage(three, 3 * reads, 3 * messages);
        assertEquals(3 * reads, three.get("reads_accepted").asLong());
        // the stores are independent: each one's reads give the single store's visits and trips
        assertTrue(one.get("zone_visits_written").asLong() > 0, one.toString());
        assertEquals(3 * one.get("zone_visits_written").asLong(), three.get("zone_visits_written").asLong());
        assertEquals(3 * one.get("trips_written").asLong(), three.get("trips_written").asLong());
    }

    @Test
    void benchWithResultsDiscardedClosesTheSameVisitsAndTripsAndWritesNone(@TempDir Path dir) throws Exception {
        JsonNode written = bench(dir.resolve("written.json"), "--rate", "0", "--warmup-reads", "0", "--db-url",
                TestDatabases.freshPostgres().url());
        DbConfig untouched = TestDatabases.freshPostgres();
        JsonNode discarded = bench(dir.resolve("discarded.json"), "--rate", "0", "--warmup-reads", "0",
                "--discard-results", "--db-url", untouched.url());
        assertFalse(written.get("results_discarded").asBoolean(), written.toString());
        assertTrue(discarded.get("results_discarded").asBoolean(), discarded.toString());
        assertMeasuredEveryMessage(discarded, discarded.get("reads").asLong(), discarded.get("messages").asLong());
        assertTrue(written.get("zone_visits_written").asLong() > 0, written.toString());
        assertEquals(written.get("zone_visits_written").asLong(), discarded.get("zone_visits_discarded").asLong());
        assertEquals(written.get("trips_written").asLong(), discarded.get("trips_discarded").asLong());
        assertFalse(discarded.has("zone_visits_written"), discarded.toString());
        assertEquals(0, TestDatabases.count(untouched, "SELECT count(*) FROM zone_visits"));
        assertEquals(0, TestDatabases.count(untouched, "SELECT count(*) FROM trips"));
    }

    @Test
    void aDurableBenchTimesEachMessageUntilTheServiceCommittedAndAcknowledgedIt(@TempDir Path dir) throws Exception {
        JsonNode r = bench(dir.resolve("bench.json"), "--rate", "20000", "--warmup-reads", "5000", "--durable",
                "--db-url", TestDatabases.freshPostgres().url());
        assertTrue(r.get("durable_intake").asBoolean());
        long messages = r.get("messages").asLong();
        assertMeasuredEveryMessage(r, r.get("reads").asLong(), messages);
        assertEquals(messages, r.get("messages_logged").asLong(), "each message committed to the intake log");
        JsonNode acked = r.get("acknowledged_latency_ms");
        assertEquals(messages, acked.get("messages").asLong(), "each message acknowledged and timed");
        // a message is acknowledged only after it was taken: no percentile of the one can be below the other's
        JsonNode taken = r.get("latency_ms");
        for (String p : new String[] {"p50", "p99", "max"}) {
            assertTrue(acked.get(p).asDouble() >= taken.get(p).asDouble(), p + ": " + acked + " vs " + taken);
        }
    }

    @Test
    void benchThroughMosquittoComparesTheServiceWithTheBrokerAlone(@TempDir Path dir) throws Exception {
        MosquittoBroker.ensureInstalled();
        JsonNode r = bench(dir.resolve("bench.json"), "--broker", "mosquitto", "--compare-broker", "--warmup", "0s",
                "--warmup-reads", "2000", "--db-url", TestDatabases.freshPostgres().url());
        assertEquals("mosquitto", r.get("path").asText());
        long reads = r.get("reads").asLong();
        long messages = r.get("messages").asLong();
        assertTrue(reads > 5_000, r.toString());
        assertMeasuredEveryMessage(r, reads, messages);
        assertEquals(reads, r.get("reads_accepted").asLong(), "the service took every read through the broker");
        assertTrue(r.get("zone_visits_written").asLong() > 0, "results were written");
        assertTrue(r.has("broker_cpu_cores_used"), r.toString());
        assertEquals(messages, r.get("latency_after_warmup_ms").get("messages").asLong(), "no warm-up: all of them");

        JsonNode alone = r.get("broker_alone");
        assertMeasuredEveryMessage(alone, reads, messages);
        assertFalse(alone.has("zone_visits_written"), "no service behind the broker alone");
        double percent = r.get("percent_of_broker_alone_rate").asDouble();
        assertEquals(100.0 * r.get("reads_per_s").asLong() / alone.get("reads_per_s").asLong(), percent, 0.1);
    }

    @Test
    void benchMeasuresARunningBrokerAloneWithoutService(@TempDir Path dir) throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            JsonNode r = bench(dir.resolve("bench.json"), "--broker-only", "--mqtt-url", broker.url(),
                    "--rate", "50000", "--warmup-reads", "0");
            assertEquals("broker-only", r.get("path").asText());
            assertEquals(broker.url(), r.get("broker").asText());
            assertMeasuredEveryMessage(r, r.get("reads").asLong(), r.get("messages").asLong());
            assertFalse(r.has("zone_visits_written"), r.toString());
            assertFalse(r.has("broker_cpu_cores_used"), "a broker bench did not start is not measured");
        }
    }

    @Test
    void benchRefusesOptionsThatContradictEachOther() {
        CommandLine cli = new CommandLine(new Main());
        assertNotEquals(0, cli.execute("bench", "--broker", "endpoint", "--broker-only"));
        assertNotEquals(0, cli.execute("bench", "--broker-only", "--compare-broker"));
        assertNotEquals(0, cli.execute("bench", "--broker", "endpoint", "--mqtt-url", "tcp://127.0.0.1:1"));
        assertNotEquals(0, cli.execute("bench", "--warmup-reads", "-1"));
        assertNotEquals(0, cli.execute("bench", "--broker-only", "--durable"));
        assertNotEquals(0, cli.execute("bench", "--discard-results", "--durable"));
        assertNotEquals(0, cli.execute("bench", "--discard-results", "--broker-only"));
        assertNotEquals(0, cli.execute("bench", "--stores", "0"));
    }

    /** Runs bench in a JVM of its own with these options; its exit code and standard error. */
    private static String[] benchInJvm(Path dir, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "bench", "--scenario", "peak-5000", "--duration", "10m", "--seed", "3"));
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(Files.createTempFile(dir, "stdout", ".txt").toFile())
                .redirectError(err.toFile());
        pb.environment().remove("TAGTRAIL_DEBUG");
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "bench ends on its own");
            return new String[] {Integer.toString(p.exitValue()), Files.readString(err)};
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void benchRefusesAStreamTooLargeForDirectMemoryWithWhatToRaise(@TempDir Path dir) throws Exception {
        // 300 MB of direct memory less the 256 MB left to the network buffers holds not one 64 MB block
        String[] direct = benchInJvm(dir, "-Xmx512m", "-XX:MaxDirectMemorySize=300m");
        assertEquals("1", direct[0], direct[1]);
        assertTrue(direct[1].contains("the recorded stream does not fit in direct memory"), direct[1]);
        assertTrue(direct[1].contains("raise -XX:MaxDirectMemorySize"), direct[1]);
        assertFalse(direct[1].contains("OutOfMemoryError"), direct[1]);
        assertFalse(direct[1].contains("\tat "), "no stack trace: " + direct[1]);
    }
}
