package io.tagtrail.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A pull scanner over one JSON payload held as UTF-8 bytes, built for the reader formats' hot path: it works on
 * the caller's byte array, allocates nothing for well-formed input, and reports every problem as a value (the
 * {@link #ERROR} token), never as an exception. Strings are exposed as byte ranges of the payload; only a string
 * that contains escapes is copied, unescaped, into a reusable buffer, and only when asked for. Numbers are
 * exposed as ranges too and converted on demand.
 *
 * <p>It accepts strict JSON (RFC 8259): no comments, no trailing commas, no leading zeros, whitespace only
 * space, tab, CR and LF, and well-formed UTF-8 inside strings. At the top level any number of values may follow
 * one another, with or without whitespace between them (JSON Lines, or objects concatenated). Nesting is bounded
 * to {@link #MAX_DEPTH} levels, strings to {@link #MAX_STRING_BYTES} bytes and numbers to
 * {@link #MAX_NUMBER_CHARS} characters, so that a hostile payload stays cheap. Once an error is found the scanner
 * stays on {@link #ERROR}.
 *
 * <p>Not thread-safe: one instance per decoder, reused for every payload.
 */
final class JsonScanner {
    /** No further value at the top level. */
    static final int END = 0;
    /** The payload is not well-formed JSON (or exceeds a bound); see {@link #error()}. */
    static final int ERROR = 1;
    static final int START_OBJECT = 2;
    static final int END_OBJECT = 3;
    static final int START_ARRAY = 4;
    static final int END_ARRAY = 5;
    /** A field name; its colon is consumed, the value is the next token. */
    static final int FIELD_NAME = 6;
    static final int STRING = 7;
    static final int NUMBER = 8;
    static final int TRUE = 9;
    static final int FALSE = 10;
    static final int NULL = 11;

    private static final String[] TOKEN_NAMES = {"end of input", "error", "object", "end of object", "array",
        "end of array", "field name", "string", "number", "true", "false", "null"};

    static final int MAX_DEPTH = 32;
    static final int MAX_STRING_BYTES = 65_536;
    static final int MAX_NUMBER_CHARS = 64;

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private byte[] in = new byte[0];
    private int begin;
    private int pos;
    private int end;

    private int token = END;
    private int depth;
    /** Bit {@code d - 1} is set when the container at depth {@code d} is an object. */
    private int objectLevels;
    /** The current container already holds a member: a comma or its closing bracket comes next. */
    private boolean afterMember;
    /** A field name and its colon were read: a value comes next. */
    private boolean valueNext;

    // the current string or field name: raw bytes in[rawStart, rawEnd) between the quotes
    private int rawStart;
    private int rawEnd;
    private boolean escaped;
    private boolean unescaped;
    private byte[] scratch = new byte[64];
    private int scratchLength;

    // the current number: in[rawStart, rawEnd)
    private boolean integral;
    private boolean fitsLong;

    private String error;
    private int errorAt;

    /** Starts on a new payload slice. A UTF-8 byte order mark at its start is skipped. */
    void reset(byte[] payload, int offset, int length) {
        in = payload;
        begin = offset;
        pos = offset;
        end = offset + length;
        if (length >= 3 && payload[offset] == (byte) 0xEF && payload[offset + 1] == (byte) 0xBB
                && payload[offset + 2] == (byte) 0xBF) {
            pos += 3;
        }
        token = END;
        depth = 0;
        objectLevels = 0;
        afterMember = false;
        valueNext = false;
        error = null;
    }

    int token() {
        return token;
    }

    boolean failed() {
        return token == ERROR;
    }

    /** What went wrong and where (offset within the slice), for a rejection's detail; null when nothing did. */
    String error() {
        return error == null ? null : error + " at byte " + (errorAt - begin);
    }

    static String describe(int token) {
        return TOKEN_NAMES[token];
    }

    /** The payload this scanner works on (for ranges handed out by {@link #rawStart()}). */
    byte[] input() {
        return in;
    }

    /**
     * Declares the payload unreadable from the current position on, for a structure the format cannot continue
     * after: the scanner moves to {@link #ERROR}.
     */
    void markMalformed(String message) {
        if (token != ERROR) {
            fail(pos, message);
        }
    }

    /** Moves to the next token and returns it. */
    int next() {
        if (token == ERROR) {
            return ERROR;
        }
        int p = skipWhitespace(pos);
        if (valueNext) {
            valueNext = false;
            return value(p);
        }
        if (depth == 0) {
            if (p == end) {
                pos = p;
                return token = END;
            }
            return value(p);
        }
        if (p == end) {
            return fail(p, "unexpected end of input");
        }
        boolean object = (objectLevels & (1 << (depth - 1))) != 0;
        byte c = in[p];
        if (c == (object ? '}' : ']')) {
            return close(p, object);
        }
        if (afterMember) {
            if (c != ',') {
                return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
            }
            p = skipWhitespace(p + 1);
        }
        return object ? name(p) : value(p);
    }

    /** Returned by {@link #nextField} for a field whose name is none of the ones asked for. */
    static final int OTHER_FIELD = -1;
    /** Returned by {@link #nextField} at the end of the object, or when the payload broke ({@link #failed()}). */
    static final int NO_FIELD = -2;

    /**
     * Moves to the next field of the object the scanner is in and says which of {@code names} it is: its index,
     * {@link #OTHER_FIELD}, or {@link #NO_FIELD} at the object's end (the scanner then stands on END_OBJECT) or
     * on an error. On a field, the scanner stands on its FIELD_NAME with the colon consumed; a value left unread
     * is skipped first.
     *
     * <p>The name at hand is first compared in place against the names, starting with {@code hint} (readers write
     * fields in a fixed order, so the one after the last is usually right), which spares scanning it as a string;
     * a name with escapes takes the general path and still matches.
     *
     * @param names field names of plain ASCII (no quote, backslash or control character)
     */
    int nextField(JsonName[] names, int hint) {
        if (valueNext) {
            skipValue();
        }
        if (token == ERROR) {
            return NO_FIELD;
        }
        if (depth == 0 || (objectLevels & (1 << (depth - 1))) == 0) {
            fail(pos, "expected an object");
            return NO_FIELD;
        }
        byte[] b = in;
        int p = skipWhitespace(pos);
        if (p == end) {
            fail(p, "unexpected end of input");
            return NO_FIELD;
        }
        byte c = b[p];
        if (c == '}') {
            close(p, true);
            return NO_FIELD;
        }
        if (afterMember) {
            if (c != ',') {
                fail(p, "expected ',' or '}'");
                return NO_FIELD;
            }
            p = skipWhitespace(p + 1);
        }
        if (p < end && b[p] == '"') {
            int n = names.length;
            int i = hint < 0 || hint >= n ? 0 : hint;
            for (int k = 0; k < n; k++) {
                JsonName name = names[i];
                if (name.quotedAt(b, p + 1, end)) {
                    int q = skipWhitespace(p + 2 + name.length());
                    if (q == end || b[q] != ':') {
                        fail(q, "expected ':'");
                        return NO_FIELD;
                    }
                    rawStart = p + 1;
                    rawEnd = p + 1 + name.length();
                    escaped = false;
                    pos = q + 1;
                    valueNext = true;
                    token = FIELD_NAME;
                    return i;
                }
                if (++i == n) {
                    i = 0;
                }
            }
        }
        if (name(p) == ERROR) {
            return NO_FIELD;
        }
        if (escaped) {
            // none matched in place; with escapes it may still be one of them
            for (int i = 0; i < names.length; i++) {
                if (textIs(names[i])) {
                    return i;
                }
            }
        }
        return OTHER_FIELD;
    }

    /**
     * Skips the value of the current token: when it opened an object or array, moves to its closing token;
     * otherwise does nothing.
     */
    void skipChildren() {
        if (token != START_OBJECT && token != START_ARRAY) {
            return;
        }
        int target = depth - 1;
        while (depth > target) {
            if (next() == ERROR) {
                return;
            }
        }
    }

    /** Skips the value that follows the current field name. */
    void skipValue() {
        next();
        skipChildren();
    }

    // ---- strings and names

    /** Whether the current field name or string is {@code name}. */
    boolean textIs(JsonName name) {
        if (!escaped) {
            return rawEnd - rawStart == name.length() && name.quotedAt(in, rawStart, end);
        }
        unescape();
        return name.equalsBytes(scratch, 0, scratchLength);
    }

    /** Whether the current string contained escapes (its text then lives in a buffer of the scanner's own). */
    boolean textEscaped() {
        return escaped;
    }

    /** The array that holds the current string's (unescaped) UTF-8 text. */
    byte[] textArray() {
        if (escaped) {
            unescape();
            return scratch;
        }
        return in;
    }

    int textOffset() {
        return escaped ? 0 : rawStart;
    }

    int textLength() {
        if (escaped) {
            unescape();
            return scratchLength;
        }
        return rawEnd - rawStart;
    }

    /** The current string as a Java string (allocates; for details of rejections and rare slow paths). */
    String text() {
        return new String(textArray(), textOffset(), textLength(), StandardCharsets.UTF_8);
    }

    // ---- numbers

    /**
     * The current token as an integer within {@code [min, max]}, or {@code Long.MIN_VALUE} when it is not a number
     * without fraction and exponent, does not fit a long, or lies outside the range.
     */
    long integer(long min, long max) {
        if (token != NUMBER || !integral) {
            return Long.MIN_VALUE;
        }
        long v = longValue();
        return !fitsLong || v < min || v > max ? Long.MIN_VALUE : v;
    }

    /**
     * The current token as a number within {@code [min, max]}, or NaN when it is not a number, is an integer too
     * large for a long, or lies outside the range. Decimals are converted exactly as {@link Double#parseDouble}.
     */
    double number(double min, double max) {
        if (token != NUMBER) {
            return Double.NaN;
        }
        double v;
        if (integral) {
            long l = longValue();
            if (!fitsLong) {
                return Double.NaN;
            }
            v = l;
        } else {
            v = decimalValue();
        }
        return v < min || v > max || Double.isNaN(v) ? Double.NaN : v;
    }

    /** The integer at in[rawStart, rawEnd); sets {@link #fitsLong}. */
    private long longValue() {
        byte[] b = in;
        int p = rawStart;
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        fitsLong = true;
        long v = 0;
        if (rawEnd - p <= 18) {
            for (; p < rawEnd; p++) {
                v = v * 10 + (b[p] - '0');
            }
            return negative ? -v : v;
        }
        // accumulate negatively, as Long.parseLong does, so that Long.MIN_VALUE itself fits
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multiplyMin = limit / 10;
        for (; p < rawEnd; p++) {
            int d = b[p] - '0';
            if (v < multiplyMin) {
                fitsLong = false;
                return 0;
            }
            v *= 10;
            if (v < limit + d) {
                fitsLong = false;
                return 0;
            }
            v -= d;
        }
        return negative ? v : -v;
    }

    private double decimalValue() {
        byte[] b = in;
        int p = rawStart;
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean fraction = false;
        for (; p < rawEnd; p++) {
            byte c = b[p];
            if (c == '.') {
                fraction = true;
                continue;
            }
            if (c == 'e' || c == 'E') {
                break;
            }
            if (digits > 0 || c != '0') {
                digits++;
            }
            mantissa = mantissa * 10 + (c - '0');
            if (fraction) {
                fractionDigits++;
            }
            if (digits > 15) {
                break;
            }
        }
        // exact when both operands are exact doubles: a single correctly rounded division (Clinger's fast path)
        if (p == rawEnd && digits <= 15 && fractionDigits < POWERS_OF_TEN.length) {
            double v = mantissa / POWERS_OF_TEN[fractionDigits];
            return negative ? -v : v;
        }
        return Double.parseDouble(new String(b, rawStart, rawEnd - rawStart, StandardCharsets.ISO_8859_1));
    }

    // ---- the tokenizer

    private int skipWhitespace(int p) {
        byte[] b = in;
        int e = end;
        while (p < e) {
            byte c = b[p];
            if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t')) {
                break;
            }
            p++;
        }
        return p;
    }

    private int fail(int at, String message) {
        error = message;
        errorAt = at;
        pos = at;
        return token = ERROR;
    }

    private int close(int p, boolean object) {
        depth--;
        afterMember = true;
        pos = p + 1;
        return token = object ? END_OBJECT : END_ARRAY;
    }

    private int open(int p, boolean object) {
        if (depth == MAX_DEPTH) {
            return fail(p, "nesting deeper than " + MAX_DEPTH);
        }
        depth++;
        if (object) {
            objectLevels |= 1 << (depth - 1);
        } else {
            objectLevels &= ~(1 << (depth - 1));
        }
        afterMember = false;
        pos = p + 1;
        return token = object ? START_OBJECT : START_ARRAY;
    }

    private int name(int p) {
        if (p == end) {
            return fail(p, "unexpected end of input");
        }
        if (in[p] != '"') {
            return fail(p, "expected a field name");
        }
        if (!string(p + 1)) {
            return ERROR;
        }
        int q = skipWhitespace(pos);
        if (q == end || in[q] != ':') {
            return fail(q, "expected ':'");
        }
        pos = q + 1;
        valueNext = true;
        return token = FIELD_NAME;
    }

    private int value(int p) {
        if (p == end) {
            return fail(p, "unexpected end of input");
        }
        byte c = in[p];
        switch (c) {
            case '{':
                return open(p, true);
            case '[':
                return open(p, false);
            case '"':
                if (!string(p + 1)) {
                    return ERROR;
                }
                afterMember = true;
                return token = STRING;
            case 't':
                return literal(p, "true", TRUE);
            case 'f':
                return literal(p, "false", FALSE);
            case 'n':
                return literal(p, "null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number(p);
                }
                return fail(p, "unexpected character");
        }
    }

    private int literal(int p, String word, int kind) {
        int n = word.length();
        if (end - p < n) {
            return fail(p, "unexpected end of input");
        }
        for (int i = 1; i < n; i++) {
            if (in[p + i] != word.charAt(i)) {
                return fail(p, "unrecognised literal");
            }
        }
        int q = p + n;
        if (q < end && isWordByte(in[q])) {
            return fail(p, "unrecognised literal");
        }
        pos = q;
        afterMember = true;
        return token = kind;
    }

    private static boolean isWordByte(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c < 0;
    }

    private int number(int p) {
        byte[] b = in;
        int e = end;
        int start = p;
        if (b[p] == '-') {
            p++;
        }
        if (p == e) {
            return fail(p, "unexpected end of input");
        }
        byte c = b[p];
        if (c == '0') {
            p++;
            if (p < e && b[p] >= '0' && b[p] <= '9') {
                return fail(p, "leading zero");
            }
        } else if (c >= '1' && c <= '9') {
            p = digits(p + 1);
        } else {
            return fail(p, "expected a digit");
        }
        boolean whole = true;
        if (p < e && b[p] == '.') {
            whole = false;
            int d = p + 1;
            p = digits(d);
            if (p == d) {
                return fail(p, "expected a digit");
            }
        }
        if (p < e && (b[p] == 'e' || b[p] == 'E')) {
            whole = false;
            p++;
            if (p < e && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int d = p;
            p = digits(d);
            if (p == d) {
                return fail(p, "expected a digit");
            }
        }
        if (p - start > MAX_NUMBER_CHARS) {
            return fail(start, "number longer than " + MAX_NUMBER_CHARS + " characters");
        }
        rawStart = start;
        rawEnd = p;
        integral = whole;
        pos = p;
        afterMember = true;
        return token = NUMBER;
    }

    private int digits(int p) {
        byte[] b = in;
        int e = end;
        while (p < e && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        return p;
    }

    /** Scans a string whose opening quote precedes {@code p}; false (and ERROR) when it is not well-formed. */
    private boolean string(int p) {
        byte[] b = in;
        int e = end;
        int start = p;
        boolean esc = false;
        while (true) {
            // eight bytes at a time up to the first that needs a look: a quote, backslash, control or non-ASCII byte
            byte c = 0;
            boolean found = false;
            while (p <= e - 8) {
                long flags = special((long) LONGS.get(b, p));
                if (flags != 0) {
                    p += Long.numberOfTrailingZeros(flags) >>> 3;
                    c = b[p];
                    found = true;
                    break;
                }
                p += 8;
            }
            if (!found) {
                while (p < e) {
                    c = b[p];
                    if (c == '"' || c == '\\' || c < 0x20) {
                        break;
                    }
                    p++;
                }
            }
            if (p >= e) {
                fail(p, "unterminated string");
                return false;
            }
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                esc = true;
                if (p + 1 >= e) {
                    fail(p, "unterminated string");
                    return false;
                }
                byte x = b[p + 1];
                if (x == 'u') {
                    if (p + 6 > e) {
                        fail(p, "unterminated string");
                        return false;
                    }
                    for (int i = 2; i < 6; i++) {
                        if (hexDigit(b[p + i]) < 0) {
                            fail(p, "bad \\u escape");
                            return false;
                        }
                    }
                    p += 6;
                } else if (x == '"' || x == '\\' || x == '/' || x == 'b' || x == 'f' || x == 'n' || x == 'r'
                        || x == 't') {
                    p += 2;
                } else {
                    fail(p, "bad escape");
                    return false;
                }
                continue;
            }
            if (c >= 0) {
                fail(p, "control character in string");
                return false;
            }
            int n = utf8Length(b, p, e);
            if (n < 0) {
                fail(p, "invalid UTF-8");
                return false;
            }
            p += n;
        }
        if (p - start > MAX_STRING_BYTES) {
            fail(start, "string longer than " + MAX_STRING_BYTES + " bytes");
            return false;
        }
        rawStart = start;
        rawEnd = p;
        escaped = esc;
        unescaped = false;
        pos = p + 1;
        return true;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    /**
     * Flags (the high bit of a byte) the bytes of eight, read little-endian, that are a quote, a backslash, below
     * 0x20 or above 0x7F. SWAR: subtracting one from each byte borrows into the high bit of a zero byte; a borrow
     * can flag a byte above a flagged one by mistake, never one below, so the lowest flag is always exact.
     */
    private static long special(long x) {
        long quote = x ^ (ONES * '"');
        long backslash = x ^ (ONES * '\\');
        long zeroQuote = (quote - ONES) & ~quote;
        long zeroBackslash = (backslash - ONES) & ~backslash;
        long control = (x - ONES * 0x20) & ~x;
        return (zeroQuote | zeroBackslash | control | x) & HIGH_BITS;
    }

    /** Length of the well-formed UTF-8 sequence of a non-ASCII character at {@code p}, or -1. */
    private static int utf8Length(byte[] b, int p, int e) {
        int lead = b[p] & 0xFF;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            n = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            n = 3;
            if (lead == 0xE0) {
                lo = 0xA0;
            } else if (lead == 0xED) {
                hi = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            n = 4;
            if (lead == 0xF0) {
                lo = 0x90;
            } else if (lead == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return -1;
        }
        if (p + n > e) {
            return -1;
        }
        int second = b[p + 1] & 0xFF;
        if (second < lo || second > hi) {
            return -1;
        }
        for (int i = 2; i < n; i++) {
            if ((b[p + i] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return n;
    }

    static int hexDigit(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Unescapes the current string into the scratch buffer as UTF-8 (the scan has validated it). */
    private void unescape() {
        if (unescaped) {
            return;
        }
        unescaped = true;
        int need = rawEnd - rawStart;
        if (scratch.length < need) {
            scratch = new byte[Math.max(need, scratch.length * 2)];
        }
        byte[] b = in;
        byte[] out = scratch;
        int n = 0;
        int p = rawStart;
        while (p < rawEnd) {
            byte c = b[p];
            if (c != '\\') {
                out[n++] = c;
                p++;
                continue;
            }
            byte x = b[p + 1];
            if (x != 'u') {
                out[n++] = switch (x) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> x;
                };
                p += 2;
                continue;
            }
            int cp = hex4(b, p + 2);
            p += 6;
            if (cp >= 0xD800 && cp <= 0xDBFF && p + 6 <= rawEnd && b[p] == '\\' && b[p + 1] == 'u') {
                int low = hex4(b, p + 2);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    p += 6;
                }
            }
            n = appendUtf8(out, n, cp);
        }
        scratchLength = n;
    }

    private static int hex4(byte[] b, int p) {
        return (hexDigit(b[p]) << 12) | (hexDigit(b[p + 1]) << 8) | (hexDigit(b[p + 2]) << 4) | hexDigit(b[p + 3]);
    }

    /**
     * Appends a code point as UTF-8; a lone surrogate becomes U+FFFD. Six escaped bytes never need more than four.
     */
    private static int appendUtf8(byte[] out, int n, int cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        if (cp < 0x80) {
            out[n++] = (byte) cp;
        } else if (cp < 0x800) {
            out[n++] = (byte) (0xC0 | (cp >> 6));
            out[n++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out[n++] = (byte) (0xE0 | (cp >> 12));
            out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[n++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            out[n++] = (byte) (0xF0 | (cp >> 18));
            out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[n++] = (byte) (0x80 | (cp & 0x3F));
        }
        return n;
    }

    /** Raw start of the current string or number within {@link #input()} (unescaped strings only). */
    int rawStart() {
        return rawStart;
    }

    int rawLength() {
        return rawEnd - rawStart;
    }
}
