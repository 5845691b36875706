package io.tagtrail.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

/**
 * The messages a durable intake took most recently, by a 64-bit hash of store, reader and payload, so that a
 * message delivered again (a broker that restarted before it had our acknowledgement, a reader that reconnected, a
 * restart of the service after the message was logged but before it was acknowledged) is recognised and taken only
 * once: a reader that sends the same bytes twice sends the same reads at the same times. Remembers at least the last
 * {@code capacity} messages (two generations of that size). Not thread-safe: the owner's thread only.
 */
final class RecentMessages {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final int capacity;
    private Set<Long> current = new HashSet<>();
    private Set<Long> previous = new HashSet<>();

    RecentMessages(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    boolean contains(long key) {
        return current.contains(key) || previous.contains(key);
    }

    void add(long key) {
        if (current.size() >= capacity) {
            previous = current;
            current = new HashSet<>();
        }
        current.add(key);
    }

    /** The key of a message: its store, its reader and every byte of its payload. */
    static long key(String store, String reader, long payloadHash) {
        long h = payloadHash ^ (store.hashCode() * 0x9E3779B97F4A7C15L) ^ (reader.hashCode() * 0xC2B2AE3D27D4EB4FL);
        return mix(h);
    }

    /** A 64-bit hash of a payload, eight bytes at a time in two independent lanes. */
    static long payloadHash(byte[] b) {
        long a = 0x9E3779B97F4A7C15L ^ b.length;
        long c = 0xC2B2AE3D27D4EB4FL;
        int i = 0;
        for (; i + 16 <= b.length; i += 16) {
            a = Long.rotateLeft((a ^ (long) LONGS.get(b, i)) * 0xFF51AFD7ED558CCDL, 29);
            c = Long.rotateLeft((c ^ (long) LONGS.get(b, i + 8)) * 0xC4CEB9FE1A85EC53L, 31);
        }
        for (; i < b.length; i++) {
            a = Long.rotateLeft((a ^ b[i]) * 0xFF51AFD7ED558CCDL, 29);
        }
        return mix(a ^ mix(c));
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
