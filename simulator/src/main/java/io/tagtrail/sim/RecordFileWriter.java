package io.tagtrail.sim;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes the simulator's read stream to a record file that {@code replay} publishes again. The format, big-endian
 * as {@link DataOutputStream} writes it:
 * <pre>
 * file    = magic "TTRECRD1" (8 bytes), header (UTF: one line of JSON describing the run), frame*, end
 * frame   = 'M' (1 byte), event time (long, epoch ms of the reader cycle, true simulated time),
 *           reads (int), topic (UTF), payload length (int), payload (bytes, exactly as published)
 * end     = 'E' (1 byte), messages (long), reads (long)
 * </pre>
 * UTF is a 2-byte length followed by modified UTF-8. The end record tells a complete file from a cut one. Nothing in
 * the file depends on the wall clock, so one seed and start give the same bytes.
 */
public final class RecordFileWriter implements ReadPublisher {
    static final byte[] MAGIC = {'T', 'T', 'R', 'E', 'C', 'R', 'D', '1'};
    static final byte MESSAGE = 'M';
    static final byte END = 'E';

    private final DataOutputStream out;
    private long messages;
    private long reads;
    private boolean closed;

    /** @param header one line of JSON describing the run (store, format, seed, start, end) */
    public RecordFileWriter(OutputStream target, String header) {
        this.out = new DataOutputStream(new BufferedOutputStream(target, 1 << 20));
        try {
            out.write(MAGIC);
            out.writeUTF(header);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write record header", e);
        }
    }

    @Override
    public void publish(String topic, byte[] payload, int reads, long eventMillis) {
        try {
            out.writeByte(MESSAGE);
            out.writeLong(eventMillis);
            out.writeInt(reads);
            out.writeUTF(topic);
            out.writeInt(payload.length);
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write record file", e);
        }
        messages++;
        this.reads += reads;
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write record file", e);
        }
    }

    public long messages() {
        return messages;
    }

    public long reads() {
        return reads;
    }

    /** Writes the end record and closes the stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        out.writeByte(END);
        out.writeLong(messages);
        out.writeLong(reads);
        out.close();
    }
}
