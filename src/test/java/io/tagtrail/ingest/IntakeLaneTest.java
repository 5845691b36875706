package io.tagtrail.ingest;

import io.tagtrail.core.CapturingResultSink;
import io.tagtrail.core.PipelineConfig;
import io.tagtrail.core.StorePipeline;
import io.tagtrail.decode.DecoderSelector;
import io.tagtrail.member.MemberDirectory;
import io.tagtrail.sim.ImpinjPayloadEncoder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connections' lanes hand decoded messages to the owner in order, and settle up even when a take fails. */
class IntakeLaneTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Context newContext() throws Exception {
        CompletableFuture<Context> c = new CompletableFuture<>();
        vertx.deployVerticle(context -> {
            c.complete(context);
            return Future.succeededFuture();
        });
        return c.get(10, TimeUnit.SECONDS);
    }

    private static byte[] payload(int n) {
        return new ImpinjPayloadEncoder().encode("impinj-f0-a", 1, new long[]{1_795_400_000_000_000L + n},
                new long[]{0x2D40A3B1C2D30000L}, new long[]{n}, new int[]{1}, new int[]{-5500});
    }

    @Test
    void twoConnectionsEachKeepTheirOrderAndEverythingHeldIsReleased() throws Exception {
        StorePipeline pipeline = new StorePipeline(ReadIntakeTest.LAYOUT, PipelineConfig.DEFAULTS,
                new MemberDirectory(), new CapturingResultSink());
        ReadIntake intake = new ReadIntake(new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
                java.util.Map.of("s1", pipeline), () -> new DecoderSelector("auto"), 1 << 20, new IntakeCounters());
        Context owner = newContext();
        List<String> taken = Collections.synchronizedList(new ArrayList<>());
        int perLane = 500;
        CountDownLatch done = new CountDownLatch(2 * perLane);
        for (String reader : List.of("r-f0-a", "impinj-f0-a")) {
            Context io = newContext();
            io.runOnContext(v -> {
                IntakeLane lane = new IntakeLane(owner, intake);
                for (int i = 0; i < perLane; i++) {
                    String tag = reader + " " + i;
                    lane.submit("tagtrail/s1/" + reader + "/reads", payload(i), 1_795_400_060_000L, () -> {
                        taken.add(tag);
                        done.countDown();
                    });
                }
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        for (String reader : List.of("r-f0-a", "impinj-f0-a")) {
            List<String> own = taken.stream().filter(t -> t.startsWith(reader + " ")).toList();
            for (int i = 0; i < perLane; i++) {
                assertEquals(reader + " " + i, own.get(i), "each connection's messages in the order they came");
            }
        }
        assertEquals(2L * perLane, intake.counters().readsAccepted());
        assertEquals(0, intake.heldBytes(), "nothing is held once everything is taken");
    }

    @Test
    void aMessageThatFailsInThePipelineIsStillSettled() throws Exception {
        ReadIntake intake = new ReadIntake(new TopicScheme(TopicScheme.DEFAULT_TEMPLATE), store -> {
            throw new IllegalStateException("a defect in the pipeline");
        }, () -> new DecoderSelector("auto"), 1 << 20, new IntakeCounters());
        Context owner = newContext();
        Context io = newContext();
        CompletableFuture<IntakeLane> lane = new CompletableFuture<>();
        CountDownLatch settled = new CountDownLatch(1);
        io.runOnContext(v -> {
            IntakeLane l = new IntakeLane(owner, intake);
            l.submit("tagtrail/s1/r-f0-a/reads", payload(1), 1_795_400_060_000L, settled::countDown);
            lane.complete(l);
        });
        assertTrue(settled.await(30, TimeUnit.SECONDS), "acknowledged all the same, so it is not sent again");
        CompletableFuture<Integer> waiting = new CompletableFuture<>();
        owner.runOnContext(v -> waiting.complete(lane.join().waiting()));
        assertEquals(0, waiting.get(10, TimeUnit.SECONDS));
        assertEquals(0, intake.heldBytes());
    }
}
