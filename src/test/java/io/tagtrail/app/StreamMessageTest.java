package io.tagtrail.app;

import io.tagtrail.sim.RecordingPublisher;
import io.vertx.core.internal.buffer.BufferInternal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamMessageTest {
    @Test
    void keepsEveryPayloadTopicAndReadCountInDirectMemoryAcrossBlocks() {
        List<RecordingPublisher.Message> recorded = new ArrayList<>();
        StreamMessage.Recorder recorder = new StreamMessage.Recorder(64, 1 << 20);
        for (int i = 0; i < 40; i++) {
            // 16 to 56 bytes each, in blocks of 64: payloads straddle no block, and one is larger than a block
            byte[] payload = ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i) + "\"}").getBytes(StandardCharsets.US_ASCII);
            recorded.add(new RecordingPublisher.Message("tagtrail/s1/r-" + (i % 3) + "/reads", payload, i + 1, i));
        }
        recorded.add(new RecordingPublisher.Message("tagtrail/s1/r-big/reads", new byte[200], 9, 0));
        long reads = 0;
        long bytes = 0;
        for (RecordingPublisher.Message m : recorded) {
            recorder.publish(m.topic(), m.payload(), m.reads(), m.eventMillis());
            reads += m.reads();
            bytes += m.payload().length;
        }

        List<StreamMessage> stream = recorder.messages();
        assertEquals(recorded.size(), stream.size());
        assertEquals(reads, recorder.reads());
        assertEquals(bytes, recorder.bytes());
        for (int i = 0; i < recorded.size(); i++) {
            RecordingPublisher.Message r = recorded.get(i);
            StreamMessage m = stream.get(i);
            assertEquals(r.topic(), m.topic());
            assertEquals(r.reads(), m.reads());
            assertEquals(r.payload().length, m.bytes());
            assertTrue(((BufferInternal) m.payload()).getByteBuf().isDirect(), "payload " + i + " off the heap");
            assertArrayEquals(r.payload(), m.payload().getBytes(), "payload " + i);
            // publishing reads the buffer without consuming it: the same bytes every time
            assertArrayEquals(r.payload(), m.payload().getBytes(), "payload " + i + " read again");
        }
        StreamMessage moved = stream.get(3).onTopic("tagtrail/s1-warmup/r-0/reads");
        assertEquals("tagtrail/s1-warmup/r-0/reads", moved.topic());
        assertArrayEquals(recorded.get(3).payload(), moved.payload().getBytes());
    }

    @Test
    void refusesAStreamThatWouldLeaveTooLittleDirectMemoryAndSaysWhatToRaise() {
        StreamMessage.Recorder recorder = new StreamMessage.Recorder(64, 200);
        byte[] payload = new byte[40];
        // three blocks of 64 bytes fit under 200, a fourth does not: a block holds one 40-byte payload
        for (int i = 0; i < 3; i++) {
            recorder.publish("tagtrail/s1/r-1/reads", payload, 1, i);
        }
        StreamMessage.DoesNotFit refused = assertThrows(StreamMessage.DoesNotFit.class,
                () -> recorder.publish("tagtrail/s1/r-1/reads", payload, 1, 3));
        assertTrue(refused.getMessage().contains("-XX:MaxDirectMemorySize"), refused.getMessage());
        assertTrue(refused.getMessage().contains("in 3 messages so far"), refused.getMessage());
        assertEquals(3, recorder.messages().size(), "what was recorded stays as it was");
    }
}
