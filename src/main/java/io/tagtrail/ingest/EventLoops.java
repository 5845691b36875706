package io.tagtrail.ingest;

import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Deploys an MQTT edge onto an event loop of its own. Vert.x hands event loops to new contexts in turn, so a new
 * context may land on the very thread that owns the store pipelines, and the decoding meant to run beside them
 * would run on it again; such a deployment is given up and made once more, on the next loop.
 */
final class EventLoops {
    /** Deployments that landed on the loop to avoid, at most, before one is kept wherever it lands. */
    static final int ATTEMPTS = 16;

    private static final RuntimeException SAME_LOOP = new IllegalStateException("landed on the pipelines' loop") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    private EventLoops() {
    }

    /** Deploys {@code deployable} on an event loop other than the one {@code avoid} runs on (null: anywhere). */
    static Future<String> deployApart(Vertx vertx, Context avoid, Deployable deployable) {
        if (avoid == null) {
            return vertx.deployVerticle(deployable);
        }
        Promise<Thread> loop = Promise.promise();
        avoid.runOnContext(v -> loop.complete(Thread.currentThread()));
        return loop.future().compose(thread -> attempt(vertx, thread, deployable, ATTEMPTS));
    }

    private static Future<String> attempt(Vertx vertx, Thread avoid, Deployable deployable, int left) {
        return vertx.deployVerticle(context -> Thread.currentThread() == avoid && left > 1
                        ? Future.failedFuture(SAME_LOOP) : deployable.deploy(context))
                .recover(e -> e == SAME_LOOP ? attempt(vertx, avoid, deployable, left - 1) : Future.failedFuture(e));
    }
}
