package io.tagtrail.app;

import io.tagtrail.sim.MqttReadPublisher;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Publishes a recorded message stream on a fixed open-loop schedule (each message's send time follows from the
 * reads before it and the target rate), or at rate 0 as fast as the receiving end takes the messages (the tracker
 * holds the sender back; a message's send time is then the moment the publisher is ready for it), and waits until
 * the receiving end has taken every message. Reports progress every few seconds, and measures the wall time up to
 * the last message taken, this process's CPU and heap, and the broker's and the database's CPU when they are known.
 */
final class LoadRun {
    /** No message taken for this long once all are sent: the rest are not coming. */
    static final Duration STALL = Duration.ofSeconds(60);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** What one run measured. */
    record Figures(long messages, long reads, double seconds, double cpuCores, Double brokerCpuCores,
                   Double databaseCpuCores, long maxHeapBytes) {
        double readsPerSecond() {
            return reads / seconds;
        }
    }

    private final List<StreamMessage> messages;
    private final double readsPerSecond;
    private final PrintStream out;
    private final String takenBy;
    private final Duration warmup;
    private volatile long sentReads;
    private volatile long maxHeapBytes;

    /**
     * @param readsPerSecond the open-loop rate, or 0 to publish as fast as the tracker lets messages go
     * @param takenBy        who takes the messages, for the progress lines ("by the service")
     * @param warmup         messages scheduled this long after the start are also timed apart, as past the warm-up
     */
    LoadRun(List<StreamMessage> messages, double readsPerSecond, Duration warmup, PrintStream out,
            String takenBy) {
        this.warmup = warmup;
        this.messages = messages;
        this.readsPerSecond = readsPerSecond;
        this.out = out;
        this.takenBy = takenBy;
    }

    /**
     * Runs the load through {@code publisher} and waits for {@code tracker} to have seen every message.
     *
     * @param brokerCpu   CPU time used so far by the broker process, or null when it is not known
     * @param databaseCpu CPU time used so far by the database server, or null when it is not known
     */
    Figures run(MqttReadPublisher publisher, DeliveryTracker tracker, Supplier<Duration> brokerCpu,
                Supplier<Duration> databaseCpu) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        Duration brokerCpuStart = brokerCpu.get();
        Duration databaseCpuStart = databaseCpu.get();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        tracker.steadyFrom(start + warmup.toNanos());
        maxHeapBytes = usedHeap();
        progress.scheduleAtFixedRate(() -> maxHeapBytes = Math.max(maxHeapBytes, usedHeap()), 200, 200,
                TimeUnit.MILLISECONDS);
        progress.scheduleAtFixedRate(() -> report(tracker, start), PROGRESS_NANOS, PROGRESS_NANOS,
                TimeUnit.NANOSECONDS);
        try {
            long reads = 0;
            for (int i = 0; i < messages.size(); i++) {
                StreamMessage m = messages.get(i);
                long scheduled = readsPerSecond > 0 ? start + (long) (reads * 1e9 / readsPerSecond) : System.nanoTime();
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (!tracker.awaitRoom(STALL.toMillis())) {
                    throw stalled(publisher, tracker);
                }
                tracker.sent(i, scheduled);
                int index = i;
                publisher.publish(m.topic(), m.payload(), () -> tracker.acknowledged(index, System.nanoTime()));
                reads += m.reads();
                sentReads = reads;
            }
            publisher.flush();
            awaitAllTaken(publisher, tracker);
        } finally {
            progress.shutdownNow();
        }
        long end = tracker.lastTakenNanos();
        double cpuCores = (os.getProcessCpuTime() - cpuStart) / (double) (System.nanoTime() - start);
        return new Figures(tracker.messages(), tracker.takenReads(), (end - start) / 1e9, cpuCores,
                cores(brokerCpuStart, brokerCpu.get(), end - start), cores(databaseCpuStart, databaseCpu.get(),
                end - start), Math.max(maxHeapBytes, usedHeap()));
    }

    /** Cores another process used between two readings of its CPU time, or null when either is unknown. */
    private static Double cores(Duration before, Duration after, long nanos) {
        return before == null || after == null ? null : after.minus(before).toNanos() / (double) nanos;
    }

    private void awaitAllTaken(MqttReadPublisher publisher, DeliveryTracker tracker) throws InterruptedException {
        long seen = -1;
        long since = System.nanoTime();
        while (!tracker.awaitAll(1_000)) {
            long taken = tracker.takenMessages();
            if (taken != seen) {
                seen = taken;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > STALL.toNanos()) {
                throw stalled(publisher, tracker);
            }
        }
    }

    private IllegalStateException stalled(MqttReadPublisher publisher, DeliveryTracker tracker) {
        long failed = publisher.failed();
        return new IllegalStateException(String.format(Locale.ROOT, "%,d of %,d messages were taken %s, then none"
                        + " for %d s%s", tracker.takenMessages(), tracker.messages(), takenBy, STALL.toSeconds(),
                failed > 0 ? " (" + failed + " publishes failed)" : " (a broker that drops the messages queued for a"
                        + " slow subscriber loses them: with Mosquitto, set max_queued_messages 0)"));
    }

    private void report(DeliveryTracker tracker, long start) {
        double s = (System.nanoTime() - start) / 1e9;
        long taken = tracker.takenReads();
        out.printf(Locale.ROOT, "  %5.0f s: %,d reads sent (%,.0f/s), %,d taken %s (%,.0f/s), heap %,d MB%n", s,
                sentReads, sentReads / s, taken, takenBy, taken / s, usedHeap() / (1024 * 1024));
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
