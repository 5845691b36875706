package io.tagtrail.ingest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An MQTT edge never shares the pipelines' event loop, although Vert.x hands loops out in turn. */
class EventLoopsTest {
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Thread threadOf(Context context) throws Exception {
        CompletableFuture<Thread> t = new CompletableFuture<>();
        context.runOnContext(v -> t.complete(Thread.currentThread()));
        return t.get(10, TimeUnit.SECONDS);
    }

    /** The threads {@code n} deployments land on, deployed plainly or apart from {@code avoid}. */
    private List<Thread> deploy(int n, Context avoid) throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CompletableFuture<Thread> landed = new CompletableFuture<>();
            Future<String> id = avoid == null
                    ? vertx.deployVerticle(context -> {
                        landed.complete(Thread.currentThread());
                        return Future.succeededFuture();
                    })
                    : EventLoops.deployApart(vertx, avoid, context -> {
                        landed.complete(Thread.currentThread());
                        return Future.succeededFuture();
                    });
            id.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            threads.add(landed.get(10, TimeUnit.SECONDS));
        }
        return threads;
    }

    @Test
    void deploymentsLandOnEveryLoopButTheOneToAvoid() throws Exception {
        CompletableFuture<Context> ownerContext = new CompletableFuture<>();
        vertx.deployVerticle(context -> {
            ownerContext.complete(context);
            return Future.succeededFuture();
        });
        Context owner = ownerContext.get(10, TimeUnit.SECONDS);
        Thread ownerThread = threadOf(owner);
        assertTrue(deploy(6, null).contains(ownerThread), "plain deployments take the owner's loop in turn");
        for (Thread t : deploy(6, owner)) {
            assertNotSame(ownerThread, t, "deployed apart from the owner");
        }
    }
}
