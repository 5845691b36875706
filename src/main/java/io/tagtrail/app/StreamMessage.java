package io.tagtrail.app;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tagtrail.sim.ReadPublisher;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One message of the stream bench publishes: its topic, its payload and how many reads it carries.
 *
 * <p>bench runs the publisher and the service in one process. A recorded store stream is over a gigabyte of
 * payloads; held on the Java heap, the collector would copy it while the service runs and its pauses would be
 * timed as the service's latency. The {@link Recorder} keeps the payloads in direct memory instead, where no
 * collector moves them, so the heap holds what the service and the publisher's client hold, as it would beside
 * real readers.
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
     * Records a simulated stream as it is published, each payload copied into direct memory at once, so that the
     * heap never holds the whole recording. Where direct memory runs out (a JVM started with a small
     * {@code -XX:MaxDirectMemorySize}), the remaining payloads stay on the heap; {@link #onHeap()} tells how many.
     */
    static final class Recorder implements ReadPublisher {
        private final int blockBytes;
        private final List<StreamMessage> messages = new ArrayList<>();
        private ByteBuf block;
        private int onHeap;
        private long reads;
        private long bytes;

        Recorder() {
            this(BLOCK_BYTES);
        }

        /** @param blockBytes payloads are copied into blocks of this size (a larger one gets a block of its own) */
        Recorder(int blockBytes) {
            this.blockBytes = blockBytes;
        }

        @Override
        public void publish(String topic, byte[] payload, int reads, long eventMillis) {
            if (block == null || block.writableBytes() < payload.length) {
                block = onHeap > 0 ? null : allocate(Math.max(blockBytes, payload.length));
            }
            Buffer kept;
            if (block == null) {
                onHeap++;
                kept = Buffer.buffer(payload);
            } else {
                int at = block.writerIndex();
                block.writeBytes(payload);
                // a slice shares the block; the block is never released, so no publish can free it under the others
                kept = BufferInternal.buffer(block.slice(at, payload.length));
            }
            messages.add(new StreamMessage(topic, kept, reads));
            this.reads += reads;
            bytes += payload.length;
        }

        @Override
        public void flush() {
        }

        /** The recorded messages, in publishing order. */
        List<StreamMessage> messages() {
            return messages;
        }

        long reads() {
            return reads;
        }

        /** Payload bytes recorded. */
        long bytes() {
            return bytes;
        }

        /** Payloads kept on the heap because direct memory ran out. */
        int onHeap() {
            return onHeap;
        }
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
