package io.tagtrail.app;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.PlatformDependent;
import io.tagtrail.sim.ReadPublisher;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
     * heap never holds the recording. The recording leaves {@link #HEADROOM_BYTES} of the JVM's direct memory
     * ({@code -XX:MaxDirectMemorySize}) to the MQTT clients and server, which take their buffers from the same
     * limit; a stream that needs more is refused ({@link DoesNotFit}) rather than left to starve them.
     */
    static final class Recorder implements ReadPublisher {
        /** Direct memory left to the network buffers of the publisher, the broker's clients and the endpoint. */
        static final long HEADROOM_BYTES = 256L << 20;

        private final int blockBytes;
        private final long limitBytes;
        private final List<StreamMessage> messages = new ArrayList<>();
        private ByteBuf block;
        private long allocated;
        private long reads;
        private long bytes;

        /** Blocks of {@link #BLOCK_BYTES}, up to this JVM's direct memory less the headroom. */
        Recorder() {
            this(BLOCK_BYTES, PlatformDependent.maxDirectMemory() - HEADROOM_BYTES);
        }

        /**
         * @param blockBytes payloads are copied into blocks of this size (a larger one gets a block of its own)
         * @param limitBytes the blocks' total, at most
         */
        Recorder(int blockBytes, long limitBytes) {
            this.blockBytes = blockBytes;
            this.limitBytes = limitBytes;
        }

        @Override
        public void publish(String topic, byte[] payload, int reads, long eventMillis) {
            if (block == null || block.writableBytes() < payload.length) {
                block = allocate(Math.max(blockBytes, payload.length));
            }
            int at = block.writerIndex();
            block.writeBytes(payload);
            // a slice shares the block; the block is never released, so no publish can free it under the others
            messages.add(new StreamMessage(topic, BufferInternal.buffer(block.slice(at, payload.length)), reads));
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

        /** A never-released block of direct memory. */
        private ByteBuf allocate(int size) {
            if (allocated + size > limitBytes) {
                throw new DoesNotFit(messages.size(), bytes, limitBytes);
            }
            ByteBuffer memory;
            try {
                memory = ByteBuffer.allocateDirect(size);
            } catch (OutOfMemoryError e) {
                // something else holds direct memory too
                throw new DoesNotFit(messages.size(), bytes, allocated);
            }
            allocated += size;
            return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(memory).clear());
        }
    }

    /** The recording needs more direct memory than the JVM may give it. */
    static final class DoesNotFit extends IllegalStateException {
        DoesNotFit(int messages, long bytes, long limitBytes) {
            super(String.format(Locale.ROOT, "the recorded stream does not fit in direct memory: %,d MB of payloads"
                            + " in %,d messages so far, at most %,d MB for the recording (-XX:MaxDirectMemorySize"
                            + " less %,d MB for the network buffers); record a shorter --duration or raise"
                            + " -XX:MaxDirectMemorySize", bytes >> 20, messages, Math.max(0, limitBytes) >> 20,
                    Recorder.HEADROOM_BYTES >> 20));
        }
    }
}
