package io.tagtrail.sim;

import java.util.Locale;

/** The reader formats the simulator can emit, by name. */
public final class PayloadFormats {
    private PayloadFormats() {
    }

    public static ReaderPayloadEncoder encoder(String format) {
        return switch (format == null ? "impinj" : format.toLowerCase(Locale.ROOT)) {
            case "impinj" -> new ImpinjPayloadEncoder();
            case "zebra" -> new ZebraPayloadEncoder();
            case "llrp" -> new LlrpPayloadEncoder();
            default -> throw new IllegalArgumentException("--format must be impinj, zebra or llrp, got " + format);
        };
    }
}
