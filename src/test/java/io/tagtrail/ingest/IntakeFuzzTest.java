package io.tagtrail.ingest;

import io.tagtrail.core.CapturingResultSink;
import io.tagtrail.core.PipelineConfig;
import io.tagtrail.core.StorePipeline;
import io.tagtrail.decode.DecoderSelector;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.MemberDirectory;
import io.tagtrail.model.RejectReason;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input: 100,000 payloads, random bytes and mutations of the golden payloads of every format (bit flips,
 * cuts, splices, deep nesting, invalid UTF-8, huge numbers, oversized strings), through the whole intake. Nothing
 * may throw, and every message must end as accepted reads or counted rejections.
 */
class IntakeFuzzTest {
    static final StoreLayout LAYOUT = LayoutLoader.load(Path.of("simulator/layouts/sample-store.json"));

    @Test
    void hundredThousandFuzzedPayloadsNeverCrashAndEveryRejectionIsCounted() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (String f : List.of("impinj.jsonl", "zebra.json", "llrp.json")) {
            seeds.add(Files.readAllBytes(Path.of("src/test/resources/golden/" + f)));
        }
        StorePipeline pipeline = new StorePipeline(LAYOUT, PipelineConfig.DEFAULTS, new MemberDirectory(),
                new CapturingResultSink());
        IntakeCounters counters = new IntakeCounters();
        ReadIntake intake = new ReadIntake(new TopicScheme(TopicScheme.DEFAULT_TEMPLATE), Map.of("s1", pipeline),
                () -> new DecoderSelector("auto"), 64 * 1024, counters);
        String[] topics = {"tagtrail/s1/r-f0-a/reads", "tagtrail/s1/impinj-f0-b/reads", "tagtrail/s1/nobody/reads",
                "tagtrail/s2/r-f0-a/reads", "tagtrail/s1/reads", "weird/topic"};
        SplittableRandom rnd = new SplittableRandom(20261122);
        long accepted = 0;
        long rejected = 0;
        int messages = 100_000;
        for (int i = 0; i < messages; i++) {
            byte[] payload = mutate(rnd, seeds.get(rnd.nextInt(seeds.size())));
            String topic = rnd.nextInt(10) < 8 ? topics[rnd.nextInt(2)] : topics[rnd.nextInt(topics.length)];
            ReadIntake.Outcome o = intake.onMessage(topic, payload, 1_795_000_000_000L);
            assertTrue(o.accepted() + o.rejected() >= 1, "message " + i + " left no trace");
            accepted += o.accepted();
            rejected += o.rejected();
        }
        assertEquals(messages, counters.messages());
        assertEquals(accepted, counters.readsAccepted());
        assertEquals(rejected, counters.rejectedTotal());
        assertTrue(rejected > messages / 2, "most fuzzed payloads are rejected: " + rejected);
        assertTrue(counters.rejected(RejectReason.MALFORMED_JSON) > 0);
        assertTrue(counters.rejected(RejectReason.UNKNOWN_READER) > 0);
        assertTrue(counters.rejected(RejectReason.BAD_TOPIC) > 0);
        assertTrue(counters.rejected(RejectReason.PAYLOAD_TOO_LARGE) > 0);
        pipeline.finish();
    }

    static byte[] mutate(SplittableRandom rnd, byte[] seed) {
        switch (rnd.nextInt(10)) {
            case 0: {
                byte[] random = new byte[rnd.nextInt(512)];
                for (int i = 0; i < random.length; i++) {
                    random[i] = (byte) rnd.nextInt(256);
                }
                return random;
            }
            case 1: {
                int depth = 10 + rnd.nextInt(5000);
                String open = rnd.nextBoolean() ? "[" : "{\"a\":";
                return (open.repeat(depth) + "1").getBytes(StandardCharsets.UTF_8);
            }
            case 2: {
                String s = new String(seed, StandardCharsets.UTF_8)
                        .replaceFirst("-?\\d+", rnd.nextBoolean() ? "9".repeat(400) : "1e999999");
                return s.getBytes(StandardCharsets.UTF_8);
            }
            case 3: {
                byte[] b = seed.clone();
                for (int k = 0; k < 4; k++) {
                    b[rnd.nextInt(b.length)] = (byte) (0x80 | rnd.nextInt(128));
                }
                return b;
            }
            case 4:
                return java.util.Arrays.copyOf(seed, rnd.nextInt(seed.length + 1));
            case 5:
                return ("{\"eventType\":\"tagInventory\",\"x\":\"" + "y".repeat(70_000) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            default: {
                byte[] b = seed.clone();
                int flips = 1 + rnd.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    int at = rnd.nextInt(b.length);
                    b[at] = (byte) (b[at] ^ (1 << rnd.nextInt(8)));
                }
                return b;
            }
        }
    }
}
