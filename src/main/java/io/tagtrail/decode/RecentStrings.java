package io.tagtrail.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings made from UTF-8 bytes, remembered so that the same bytes give the same {@code String} instance again
 * without allocating: a reader names itself in every event of every message, and the decoders hand that name on
 * as a string. A fixed-size cache (a text may sit in one of {@link #WAYS} slots after its hash; a new one takes an
 * empty slot or evicts in turn), so hostile input cannot make it grow; texts longer than {@link #MAX_BYTES} are
 * not remembered. Not thread-safe: one per decoder.
 */
final class RecentStrings {
    static final int MAX_BYTES = 64;
    static final int WAYS = 4;


    private final byte[][] keys;
    // a key's first and last eight bytes (overlapping; zero-padded below eight): equal for equal keys, and for
    // keys of up to 16 bytes equal only for equal keys
    private final long[] firsts;
    private final long[] lasts;
    private final String[] values;
    private final int mask;
    private int victim;

    /** @param slots a power of two, at least {@link #WAYS} */
    RecentStrings(int slots) {
        if (Integer.bitCount(slots) != 1 || slots < WAYS) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        keys = new byte[slots][];
        firsts = new long[slots];
        lasts = new long[slots];
        values = new String[slots];
        mask = slots - 1;
    }

    /** The string of the well-formed UTF-8 {@code b[off..off+len)}. */
    String of(byte[] b, int off, int len) {
        if (len > MAX_BYTES) {
            return new String(b, off, len, StandardCharsets.UTF_8);
        }
        long first;
        long last;
        if (len >= 8) {
            first = Swar.word(b, off);
            last = Swar.word(b, off + len - 8);
        } else {
            first = 0;
            for (int i = len - 1; i >= 0; i--) {
                first = (first << 8) | (b[off + i] & 0xFF);
            }
            last = first;
        }
        // names of one store's readers differ in their last bytes, the high bits of last: mix them all down
        long h = first * 0x9E3779B97F4A7C15L + last + len;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        int home = (int) h & mask;
        int empty = -1;
        for (int w = 0; w < WAYS; w++) {
            int slot = (home + w) & mask;
            byte[] k = keys[slot];
            if (k == null) {
                empty = empty < 0 ? slot : empty;
            } else if (k.length == len && firsts[slot] == first && lasts[slot] == last
                    && (len <= 16 || Arrays.equals(k, 8, len - 8, b, off + 8, off + len - 8))) {
                return values[slot];
            }
        }
        int slot = empty >= 0 ? empty : (home + (victim++ & (WAYS - 1))) & mask;
        String s = new String(b, off, len, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(b, off, off + len);
        firsts[slot] = first;
        lasts[slot] = last;
        values[slot] = s;
        return s;
    }
}
