package io.tagtrail.sim;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a record file written by {@link RecordFileWriter}, message by message. */
public final class RecordFileReader implements AutoCloseable {
    /** One recorded message. */
    public record Frame(long eventMillis, int reads, String topic, byte[] payload) {
    }

    private final DataInputStream in;
    private final String header;
    private long messages;
    private long reads;
    private boolean ended;

    public RecordFileReader(InputStream source) throws IOException {
        this.in = new DataInputStream(new BufferedInputStream(source, 1 << 20));
        byte[] magic = new byte[RecordFileWriter.MAGIC.length];
        try {
            in.readFully(magic);
        } catch (EOFException e) {
            throw new IOException("not a TagTrail record file (too short)");
        }
        if (!Arrays.equals(magic, RecordFileWriter.MAGIC)) {
            throw new IOException("not a TagTrail record file (bad magic)");
        }
        this.header = in.readUTF();
    }

    /** The JSON line describing the recorded run. */
    public String header() {
        return header;
    }

    /** The next message, or null at the end of a complete file; a cut or corrupt file is an error. */
    public Frame next() throws IOException {
        if (ended) {
            return null;
        }
        int kind;
        try {
            kind = in.readUnsignedByte();
        } catch (EOFException e) {
            throw new IOException("record file is cut after " + messages + " messages (no end record)");
        }
        try {
            if (kind == RecordFileWriter.END) {
                long m = in.readLong();
                long r = in.readLong();
                if (m != messages || r != reads) {
                    throw new IOException("record file end says " + m + " messages and " + r + " reads, found "
                            + messages + " and " + reads);
                }
                ended = true;
                return null;
            }
            if (kind != RecordFileWriter.MESSAGE) {
                throw new IOException("record file is corrupt after " + messages + " messages (frame kind " + kind + ")");
            }
            long eventMillis = in.readLong();
            int n = in.readInt();
            String topic = in.readUTF();
            int length = in.readInt();
            if (length < 0 || n < 0) {
                throw new IOException("record file is corrupt after " + messages + " messages");
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            messages++;
            reads += n;
            return new Frame(eventMillis, n, topic, payload);
        } catch (EOFException e) {
            throw new IOException("record file is cut inside message " + (messages + 1));
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
