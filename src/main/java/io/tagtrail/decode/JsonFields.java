package io.tagtrail.decode;

import io.tagtrail.model.Epc;

/**
 * Field readers shared by the JSON reader formats. Each reads the value the scanner has just moved to, straight
 * from the payload's bytes, and leaves the scanner after that value (an object or array is skipped, and is never
 * a valid value here).
 */
final class JsonFields {
    private JsonFields() {
    }

    /** ISO-8601 string at the current token, as epoch micros, or {@link IsoTimestamp#INVALID}. */
    static long isoMicros(JsonScanner s, IsoTimestampReader timestamps) {
        if (s.token() != JsonScanner.STRING) {
            s.skipChildren();
            return IsoTimestamp.INVALID;
        }
        return timestamps.parseMicros(s.textArray(), s.textOffset(), s.textLength());
    }

    /** A string at the current token (the same instance for the same text, from {@code cache}), or null. */
    static String name(JsonScanner s, RecentStrings cache) {
        if (s.token() != JsonScanner.STRING) {
            s.skipChildren();
            return null;
        }
        return cache.of(s.textArray(), s.textOffset(), s.textLength());
    }

    /** 24 hex digits at the current token into {@code out}; false when it is not an EPC-96 in hex. */
    static boolean hexEpc(JsonScanner s, long[] out) {
        if (s.token() != JsonScanner.STRING) {
            s.skipChildren();
            return false;
        }
        return s.textLength() == Epc.HEX_LENGTH && Epc.parseHex(s.textArray(), s.textOffset(), out);
    }

    /** Base64 (standard or URL-safe alphabet) EPC-96 at the current token into {@code out}. */
    static boolean base64Epc(JsonScanner s, long[] out) {
        if (s.token() != JsonScanner.STRING) {
            s.skipChildren();
            return false;
        }
        return Base64Text.epc96(s.textArray(), s.textOffset(), s.textLength(), out);
    }

    /** An integer in a given range at the current token, or {@code Long.MIN_VALUE}. */
    static long integer(JsonScanner s, long min, long max) {
        s.skipChildren();
        return s.integer(min, max);
    }

    /** A number (integer or decimal) in a given range at the current token, or NaN. */
    static double number(JsonScanner s, double min, double max) {
        s.skipChildren();
        return s.number(min, max);
    }
}
