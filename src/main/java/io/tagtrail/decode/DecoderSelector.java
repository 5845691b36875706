package io.tagtrail.decode;

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
        if (contains(payload, TAG_REPORT_DATA)) {
            return llrp;
        }
        if (contains(payload, ID_HEX)) {
            return zebra;
        }
        if (contains(payload, TAG_INVENTORY_EVENT) || contains(payload, EVENT_TYPE)) {
            return impinj;
        }
        return null;
    }

    private static final byte[] TAG_REPORT_DATA = "\"TagReportData\"".getBytes();
    private static final byte[] ID_HEX = "\"idHex\"".getBytes();
    private static final byte[] TAG_INVENTORY_EVENT = "\"tagInventoryEvent\"".getBytes();
    private static final byte[] EVENT_TYPE = "\"eventType\"".getBytes();

    /** Whether {@code needle} occurs in the first 4 KiB of {@code payload}. */
    static boolean contains(byte[] payload, byte[] needle) {
        int limit = Math.min(payload.length, 4096) - needle.length;
        outer:
        for (int i = 0; i <= limit; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (payload[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
