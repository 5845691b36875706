package io.tagtrail.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.function.Function;

/**
 * Picks the decoder for a payload: a configured format, or {@code auto} to recognise each message by the field
 * names only one format uses ({@code tagInventoryEvent} / {@code eventType}: Impinj; {@code idHex}: Zebra;
 * {@code TagReportData}: LLRP). Not thread-safe: each owner thread uses its own selector.
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
    private static final int SCANNED_BYTES = 4096;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    /**
     * Which formats' field names occur (quoted) in the first 4 KiB of {@code payload}: one pass that stops at each
     * quote, found eight bytes at a time, and compares the names from there.
     */
    static int markers(byte[] payload) {
        int limit = Math.min(payload.length, SCANNED_BYTES);
        int found = 0;
        int i = 0;
        for (; i <= limit - 8; i += 8) {
            long quote = (long) LONGS.get(payload, i) ^ (ONES * '"');
            // the high bit of each zero byte (a borrow may also flag a byte above a zero one: checked below)
            long flags = (quote - ONES) & ~quote & HIGH_BITS;
            while (flags != 0) {
                found |= markerAt(payload, i + (Long.numberOfTrailingZeros(flags) >>> 3), limit);
                flags &= flags - 1;
            }
        }
        for (; i < limit; i++) {
            found |= markerAt(payload, i, limit);
        }
        return found;
    }

    /** The format whose field name starts at {@code p}, or 0 (also when {@code p} is no quote). */
    private static int markerAt(byte[] payload, int p, int limit) {
        if (payload[p] != '"') {
            return 0;
        }
        outer:
        for (int m = 0; m < MARKERS.length; m++) {
            byte[] needle = MARKERS[m];
            if (p + needle.length > limit) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (payload[p + j] != needle[j]) {
                    continue outer;
                }
            }
            return MARKER_FORMATS[m];
        }
        return 0;
    }
}
