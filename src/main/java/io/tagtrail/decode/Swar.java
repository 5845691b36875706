package io.tagtrail.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time (SWAR): the bytes of a payload read as one little-endian word, so that the byte at the lowest
 * index is the word's lowest byte, and the per-byte tests the decoders build on that.
 */
final class Swar {
    /** 0x01 in every byte: {@code ONES * c} is {@code c} in every byte. */
    static final long ONES = 0x0101_0101_0101_0101L;
    /** The high bit of every byte, where the tests below put their answers. */
    static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private Swar() {
    }

    /** The eight bytes {@code b[p..p+8)} as one word. */
    static long word(byte[] b, int p) {
        return (long) LONGS.get(b, p);
    }

    /**
     * The high bit of each byte of {@code x} that equals {@code c}: subtracting one from each byte borrows into the
     * high bit of a zero byte of {@code x ^ c}. A borrow can flag a byte above a flagged one by mistake, never one
     * below, so the lowest flag is always exact.
     */
    static long bytesEqual(long x, char c) {
        long y = x ^ (ONES * c);
        return (y - ONES) & ~y & HIGH_BITS;
    }
}
