package io.tagtrail.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tagtrail.model.Epc;

import java.io.IOException;
import java.util.Base64;

/** Field readers shared by the JSON reader formats, working on the parser's buffers where they can. */
final class JsonFields {
    private JsonFields() {
    }

    /** ISO-8601 string at the current token, as epoch micros, or {@link IsoTimestamp#INVALID}. */
    static long isoMicros(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return IsoTimestamp.INVALID;
        }
        return IsoTimestamp.parseMicros(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    /** 24 hex digits at the current token into {@code out}; false when it is not an EPC-96 in hex. */
    static boolean hexEpc(JsonParser p, long[] out) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING || p.getTextLength() != Epc.HEX_LENGTH) {
            return false;
        }
        return Epc.parseHex(p.getTextCharacters(), p.getTextOffset(), out);
    }

    /** Base64 (standard or URL-safe alphabet) EPC-96 at the current token into {@code out}. */
    static boolean base64Epc(JsonParser p, long[] out) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return false;
        }
        String text = p.getText();
        byte[] bytes;
        try {
            bytes = text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return bytesEpc(bytes, out);
    }

    static boolean bytesEpc(byte[] bytes, long[] out) {
        if (bytes.length != 12) {
            return false;
        }
        long hi = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (bytes[i] & 0xFF);
        }
        long lo = 0;
        for (int i = 8; i < 12; i++) {
            lo = (lo << 8) | (bytes[i] & 0xFF);
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    /** An integer in a given range at the current token, or {@code Long.MIN_VALUE}. */
    static long integer(JsonParser p, long min, long max) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            return Long.MIN_VALUE;
        }
        if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
            return Long.MIN_VALUE;
        }
        long v = p.getLongValue();
        return v < min || v > max ? Long.MIN_VALUE : v;
    }

    /** A number (integer or decimal) in a given range at the current token, or NaN. */
    static double number(JsonParser p, double min, double max) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            return Double.NaN;
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return Double.NaN;
        }
        double v = p.getDoubleValue();
        return v < min || v > max || Double.isNaN(v) ? Double.NaN : v;
    }
}
