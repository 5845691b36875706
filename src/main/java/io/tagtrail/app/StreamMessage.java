package io.tagtrail.app;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tagtrail.sim.RecordingPublisher;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * One message of the stream bench publishes: its topic, its payload and how many reads it carries.
 *
 * <p>bench runs the publisher and the service in one process. A recorded store stream is over a gigabyte of
 * payloads; held on the Java heap, the collector would copy it while the service runs and its pauses would be
 * timed as the service's latency. {@link #offHeap} keeps the payloads in direct memory instead, where no collector
 * moves them, so the heap holds what the service and the publisher's client hold, as it would beside real readers.
 */
record StreamMessage(String topic, Buffer payload, int reads) {
    /** Payloads are copied into blocks of this size (a larger payload gets a block of its own). */
    static final int BLOCK_BYTES = 64 << 20;

    int bytes() {
        return payload.length();
    }

    /** The same payload on another topic. */
    StreamMessage onTopic(String other) {
        return new StreamMessage(other, payload, reads);
    }

    /**
     * The recorded messages with their payloads copied into direct memory, in order. Where direct memory runs out
     * (a JVM started with a small {@code -XX:MaxDirectMemorySize}), the remaining payloads stay on the heap, and
     * {@code heapFallback} is told how many.
     */
    static List<StreamMessage> offHeap(List<RecordingPublisher.Message> recorded, IntConsumer heapFallback) {
        return offHeap(recorded, BLOCK_BYTES, heapFallback);
    }

    static List<StreamMessage> offHeap(List<RecordingPublisher.Message> recorded, int blockBytes,
                                       IntConsumer heapFallback) {
        List<StreamMessage> out = new ArrayList<>(recorded.size());
        ByteBuf block = null;
        int onHeap = 0;
        for (RecordingPublisher.Message m : recorded) {
            byte[] p = m.payload();
            if (block == null || block.writableBytes() < p.length) {
                block = onHeap > 0 ? null : allocate(Math.max(blockBytes, p.length));
            }
            Buffer payload;
            if (block == null) {
                onHeap++;
                payload = Buffer.buffer(p);
            } else {
                int at = block.writerIndex();
                block.writeBytes(p);
                // a slice shares the block; the block is never released, so no publish can free it under the others
                payload = BufferInternal.buffer(block.slice(at, p.length));
            }
            out.add(new StreamMessage(m.topic(), payload, m.reads()));
        }
        if (onHeap > 0) {
            heapFallback.accept(onHeap);
        }
        return out;
    }

    /** A never-released block of direct memory, or null when there is no more. */
    private static ByteBuf allocate(int bytes) {
        try {
            return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(bytes)).clear());
        } catch (OutOfMemoryError e) {
            return null;
        }
    }
}
