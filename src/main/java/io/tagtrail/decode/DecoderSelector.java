package io.tagtrail.decode;

import java.util.Locale;
import java.util.function.Function;

/**
 * Picks the decoder for a payload: a configured format, or {@code auto} to recognise each message by the field
 * names only one format uses ({@code TagReportData}: LLRP; {@code idHex}: Zebra; {@code tagInventoryEvent} /
 * {@code eventType}: Impinj; when several occur, in this order of precedence). The names are looked for in the
 * payload's first {@value #FIRST_WINDOW} bytes, and only when none is there, in its first {@value #WIDE_WINDOW}. Every
 * format names itself within the first hundred bytes of its first event, so the short window decides nearly every
 * message; the wide one is for events that come with long fields ahead of the names (Zebra's tag memory banks sort
 * before {@code idHex}) or behind other events. Looking through 4 KiB of every message had cost about three quarters
 * of decoding the 36 reads of an Impinj message; the first KiB costs a few percent ({@code DecodeBenchmark}). The
 * decision depends on the payload alone, so a restart that decodes logged messages again decides the same. Not
 * thread-safe: each owner thread uses its own selector.
 */
public final class DecoderSelector implements Function<byte[], TagReadDecoder> {
    public static final String AUTO = "auto";

    private final ImpinjJsonDecoder impinj = new ImpinjJsonDecoder();
    private final ZebraJsonDecoder zebra = new ZebraJsonDecoder();
    private final LlrpJsonDecoder llrp = new LlrpJsonDecoder();
    private final TagReadDecoder fixed;

    public DecoderSelector(String format) {
        String f = format == null ? AUTO : format.toLowerCase(Locale.ROOT);
        this.fixed = switch (f) {
            case AUTO -> null;
            case "impinj" -> impinj;
            case "zebra" -> zebra;
            case "llrp" -> llrp;
            default -> throw new IllegalArgumentException("intake.format must be auto, impinj, zebra or llrp, got "
                    + format);
        };
    }

    /** The decoder for this payload; null when no format is recognised. */
    @Override
    public TagReadDecoder apply(byte[] payload) {
        if (fixed != null) {
            return fixed;
        }
        int found = markers(payload);
        if ((found & LLRP) != 0) {
            return llrp;
        }
        if ((found & ZEBRA) != 0) {
            return zebra;
        }
        return (found & IMPINJ) != 0 ? impinj : null;
    }

    private static final int LLRP = 1;
    private static final int ZEBRA = 2;
    private static final int IMPINJ = 4;
    private static final byte[][] MARKERS = {
        "\"TagReportData\"".getBytes(), "\"idHex\"".getBytes(), "\"tagInventoryEvent\"".getBytes(),
        "\"eventType\"".getBytes()};
    private static final int[] MARKER_FORMATS = {LLRP, ZEBRA, IMPINJ, IMPINJ};
    static final int FIRST_WINDOW = 1024;
    static final int WIDE_WINDOW = 4096;
    private static final long[] HEADS = heads(false);
    private static final long[] HEAD_MASKS = heads(true);
    /** For each byte, 1 + the name that begins with it after the quote, or 0; the names' first letters differ. */
    private static final byte[] BY_FIRST_LETTER = byFirstLetter();

    /**
     * Which formats' field names occur (quoted) in the first {@value #FIRST_WINDOW} bytes of {@code payload}, or when
     * none does, in its first {@value #WIDE_WINDOW}; the search may stop once it found LLRP's name, which wins anyway.
     */
    static int markers(byte[] payload) {
        int found = markers(payload, Math.min(payload.length, FIRST_WINDOW));
        return found != 0 || payload.length <= FIRST_WINDOW ? found
                : markers(payload, Math.min(payload.length, WIDE_WINDOW));
    }

    /**
     * The formats whose names occur before {@code limit}: one pass that stops at each quote, found eight bytes at a
     * time, and compares the one name the letter after it can start.
     */
    private static int markers(byte[] payload, int limit) {
        int found = 0;
        int i = 0;
        for (; i <= limit - 8 && (found & LLRP) == 0; i += 8) {
            // a flag above an exact one may be a byte that is no quote: markerAt checks each
            long flags = Swar.bytesEqual(Swar.word(payload, i), '"');
            while (flags != 0) {
                found |= markerAt(payload, i + (Long.numberOfTrailingZeros(flags) >>> 3), limit);
                flags &= flags - 1;
            }
        }
        for (; i < limit && (found & LLRP) == 0; i++) {
            found |= markerAt(payload, i, limit);
        }
        return found;
    }

    /**
     * The format whose field name starts at {@code p}, or 0 (also when {@code p} is no quote). The letter after the
     * quote picks the only name that can stand there, and its first eight bytes are compared at once, so that the many
     * quotes that start no name cost one load and a table look-up.
     */
    private static int markerAt(byte[] payload, int p, int limit) {
        if (payload[p] != '"') {
            return 0;
        }
        if (p > limit - 8) {
            return markerAtNearEnd(payload, p, limit);
        }
        long word = Swar.word(payload, p);
        int m = BY_FIRST_LETTER[(int) (word >>> 8) & 0xFF] - 1;
        return m >= 0 && (word & HEAD_MASKS[m]) == HEADS[m] && matchesFrom(payload, p, limit, MARKERS[m], 8)
                ? MARKER_FORMATS[m] : 0;
    }

    /** {@link #markerAt} where fewer than eight bytes are left before the limit: byte by byte. */
    private static int markerAtNearEnd(byte[] payload, int p, int limit) {
        for (int m = 0; m < MARKERS.length; m++) {
            if (matchesFrom(payload, p, limit, MARKERS[m], 1)) {
                return MARKER_FORMATS[m];
            }
        }
        return 0;
    }

    /** Whether {@code name} stands at {@code p} before the limit, given that its first {@code from} bytes do. */
    private static boolean matchesFrom(byte[] payload, int p, int limit, byte[] name, int from) {
        if (p > limit - name.length) {
            return false;
        }
        for (int j = from; j < name.length; j++) {
            if (payload[p + j] != name[j]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] byFirstLetter() {
        byte[] out = new byte[256];
        for (int m = 0; m < MARKERS.length; m++) {
            int letter = MARKERS[m][1] & 0xFF;
            if (out[letter] != 0) {
                throw new IllegalStateException("two format names begin with " + (char) letter);
            }
            out[letter] = (byte) (m + 1);
        }
        return out;
    }

    /** Each name's first eight bytes (fewer for a shorter name) as a little-endian word, and which bytes count. */
    private static long[] heads(boolean masks) {
        long[] out = new long[MARKERS.length];
        for (int m = 0; m < MARKERS.length; m++) {
            byte[] name = MARKERS[m];
            for (int j = 0; j < Math.min(8, name.length); j++) {
                out[m] |= (masks ? 0xFFL : name[j] & 0xFFL) << (8 * j);
            }
        }
        return out;
    }
}
