package io.tagtrail.app;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryTrackerTest {
    private static final String A = "tagtrail/s1/r-a/reads";
    private static final String B = "tagtrail/s1/r-b/reads";

    private static StreamMessage message(String topic, int bytes, int reads) {
        return new StreamMessage(topic, Buffer.buffer(new byte[bytes]), reads);
    }

    private final List<StreamMessage> messages = List.of(message(A, 10, 1), message(B, 20, 2), message(A, 30, 3),
            message(B, 40, 4));

    @Test
    void matchesMessagesByTheirOrderOnEachTopicAndTimesThemFromTheirScheduledSend() throws Exception {
        DeliveryTracker tracker = new DeliveryTracker(messages, 0);
        for (int i = 0; i < 4; i++) {
            tracker.sent(i, 100L * i);
        }
        // topics interleave differently on the way, each keeps its own order
        tracker.taken(B, 20, 500);
        tracker.taken(A, 10, 600);
        tracker.taken(B, 40, 900);
        assertFalse(tracker.awaitAll(0));
        assertEquals(3, tracker.takenMessages());
        assertEquals(7, tracker.takenReads());
        tracker.taken(A, 30, 1_200);

        assertTrue(tracker.awaitAll(0));
        assertEquals(10, tracker.takenReads());
        assertEquals(1_200, tracker.lastTakenNanos());
        assertEquals(4, tracker.latency().getTotalCount());
        assertEquals(400, tracker.latency().getMinValue(), "B's first: sent at 100, taken at 500");
        assertEquals(1_000, tracker.latency().getMaxValue(), "A's second: sent at 200, taken at 1,200");
        assertEquals(0, tracker.mismatched() + tracker.unexpected());
    }

    @Test
    void countsMessagesThatDoNotMatchTheSendingOrder() throws Exception {
        DeliveryTracker tracker = new DeliveryTracker(messages, 0);
        for (int i = 0; i < 4; i++) {
            tracker.sent(i, 0);
        }
        tracker.taken(A, 30, 1);
        tracker.taken(A, 10, 2);
        tracker.taken(A, 10, 3);
        tracker.taken("tagtrail/s1/r-c/reads", 5, 4);
        assertEquals(2, tracker.mismatched(), "A's two messages came the other way round");
        assertEquals(2, tracker.unexpected(), "a third message on A, one on a topic nobody sent to");
        assertEquals(2, tracker.takenMessages());
        assertFalse(tracker.awaitAll(0));
    }

    @Test
    void holdsTheSenderBackToTheAllowedNumberOfMessagesNotYetTaken() throws Exception {
        DeliveryTracker tracker = new DeliveryTracker(messages, 2);
        assertTrue(tracker.awaitRoom(0));
        tracker.sent(0, 0);
        assertTrue(tracker.awaitRoom(0));
        tracker.sent(1, 0);
        assertFalse(tracker.awaitRoom(0), "two sent, none taken");
        tracker.taken("tagtrail/s1/r-c/reads", 5, 1);
        assertFalse(tracker.awaitRoom(0), "a message nobody sent frees no room");
        tracker.taken(A, 10, 1);
        assertTrue(tracker.awaitRoom(0));
        assertFalse(tracker.awaitRoom(0));
        assertTrue(new DeliveryTracker(messages, 0).awaitRoom(0), "no limit");
    }

    @Test
    void anEmptyStreamIsTakenAtOnce() throws Exception {
        assertTrue(new DeliveryTracker(List.of(), 0).awaitAll(0));
    }
}
