package io.tagtrail.app;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Times each message of a load test from its scheduled send to the moment the receiving end has taken it (the
 * service's intake, or a subscriber that only counts). MQTT delivers one publisher's messages on a topic in the
 * order they were sent, so the n-th message taken on a topic is the n-th one sent on it; its payload size confirms
 * the match, and any message that does not match is counted. One thread sends, one thread takes.
 *
 * <p>Optionally it also keeps the sender at most a number of messages ahead of the taking end, so that "as fast as
 * possible" means as fast as the receiving end takes the messages on every path, whether a broker acknowledges
 * them on its behalf or not.
 */
final class DeliveryTracker {
    /** Messages of one topic, in sending order, and how many of them have been taken. */
    private static final class Topic {
        final int[] messages;
        int taken;

        Topic(int[] messages) {
            this.messages = messages;
        }
    }

    private final int[] payloadBytes;
    private final int[] reads;
    private final Map<String, Topic> topics = new HashMap<>();
    private final AtomicLongArray scheduledNanos;
    private final Histogram latency = new Histogram(TimeUnit.HOURS.toNanos(1), 3);
    /** Latencies of the messages scheduled from {@link #steadyFromNanos} on. */
    private final Histogram steadyLatency = new Histogram(TimeUnit.HOURS.toNanos(1), 3);
    private volatile long steadyFromNanos = Long.MAX_VALUE;
    /** From scheduled send to the publisher's acknowledgement; on the publisher's thread only. */
    private final Histogram acknowledgedLatency = new Histogram(TimeUnit.HOURS.toNanos(1), 3);
    private final CountDownLatch allTaken = new CountDownLatch(1);
    /** Room for messages sent and not yet taken, or null when the sender is not held back. */
    private final Semaphore ahead;
    // written by the taking thread only
    private volatile long takenMessages;
    private volatile long takenReads;
    private volatile long lastTakenNanos;
    private volatile long mismatched;
    private volatile long unexpected;

    /** @param maxAhead messages sent and not yet taken at most (see {@link #awaitRoom}); 0: no limit */
    DeliveryTracker(List<StreamMessage> messages, int maxAhead) {
        ahead = maxAhead > 0 ? new Semaphore(maxAhead) : null;
        int n = messages.size();
        payloadBytes = new int[n];
        reads = new int[n];
        scheduledNanos = new AtomicLongArray(n);
        Map<String, List<Integer>> byTopic = new HashMap<>();
        for (int i = 0; i < n; i++) {
            StreamMessage m = messages.get(i);
            payloadBytes[i] = m.bytes();
            reads[i] = m.reads();
            byTopic.computeIfAbsent(m.topic(), t -> new ArrayList<>()).add(i);
        }
        byTopic.forEach((topic, list) ->
                topics.put(topic, new Topic(list.stream().mapToInt(Integer::intValue).toArray())));
        if (n == 0) {
            allTaken.countDown();
        }
    }

    /**
     * Waits until fewer than the allowed number of messages are sent and not yet taken, and counts one more; false
     * when {@code timeoutMillis} passed first. Returns at once without a limit.
     */
    boolean awaitRoom(long timeoutMillis) throws InterruptedException {
        return ahead == null || ahead.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Messages scheduled from {@code nanos} (System.nanoTime) on are also timed apart, as past the warm-up. */
    void steadyFrom(long nanos) {
        steadyFromNanos = nanos;
    }

    /** Message {@code index} is about to be published; its latency counts from {@code scheduledNanos}. */
    void sent(int index, long scheduledNanos) {
        this.scheduledNanos.set(index, scheduledNanos);
    }

    /** A message on {@code topic} of {@code bytes} bytes has been taken at {@code nowNanos}. */
    void taken(String topic, int bytes, long nowNanos) {
        Topic t = topics.get(topic);
        if (t == null || t.taken == t.messages.length) {
            unexpected++;
            return;
        }
        int index = t.messages[t.taken++];
        if (payloadBytes[index] != bytes) {
            mismatched++;
        }
        long scheduled = scheduledNanos.get(index);
        long nanos = Math.max(0, nowNanos - scheduled);
        latency.recordValue(nanos);
        if (scheduled - steadyFromNanos >= 0) {
            steadyLatency.recordValue(nanos);
        }
        lastTakenNanos = nowNanos;
        takenReads += reads[index];
        takenMessages++;
        if (ahead != null) {
            ahead.release();
        }
        if (takenMessages == payloadBytes.length) {
            allTaken.countDown();
        }
    }

    /**
     * The receiving end acknowledged message {@code index} to the publisher at {@code nowNanos} (the own endpoint
     * with durable intake: once the service committed it). Called on the publisher's thread only.
     */
    void acknowledged(int index, long nowNanos) {
        acknowledgedLatency.recordValue(Math.max(0, nowNanos - scheduledNanos.get(index)));
    }

    /** Latencies to acknowledgement; read once the publisher has flushed. */
    Histogram acknowledgedLatency() {
        return acknowledgedLatency;
    }

    /** Waits until every message has been taken; false when {@code timeoutMillis} passed first. */
    boolean awaitAll(long timeoutMillis) throws InterruptedException {
        return allTaken.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    int messages() {
        return payloadBytes.length;
    }

    long takenMessages() {
        return takenMessages;
    }

    long takenReads() {
        return takenReads;
    }

    /** When the last message was taken (System.nanoTime), 0 before the first. */
    long lastTakenNanos() {
        return lastTakenNanos;
    }

    /** Messages matched by order whose payload size differed: their latency may belong to another message. */
    long mismatched() {
        return mismatched;
    }

    /** Messages taken beyond those sent on their topic (redeliveries, or messages from another publisher). */
    long unexpected() {
        return unexpected;
    }

    /** Latencies in nanoseconds; read it once every message has been taken. */
    Histogram latency() {
        return latency;
    }

    /** Latencies of the messages scheduled after the warm-up (see {@link #steadyFrom}); read it at the end. */
    Histogram steadyLatency() {
        return steadyLatency;
    }
}
