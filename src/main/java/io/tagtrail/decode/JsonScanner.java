package io.tagtrail.decode;

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
    /** Where the current value token starts (its first byte: quote, digit, bracket or letter). */
    private int tokenAt;

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
        if (token != NUMBER || !integral || !JsonNumbers.fitsLong(in, rawStart, rawEnd)) {
            return Long.MIN_VALUE;
        }
        long v = JsonNumbers.longValue(in, rawStart, rawEnd);
        return v < min || v > max ? Long.MIN_VALUE : v;
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
            if (!JsonNumbers.fitsLong(in, rawStart, rawEnd)) {
                return Double.NaN;
            }
            v = JsonNumbers.longValue(in, rawStart, rawEnd);
        } else {
            v = JsonNumbers.doubleValue(in, rawStart, rawEnd);
        }
        return v < min || v > max || Double.isNaN(v) ? Double.NaN : v;
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
        tokenAt = p;
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
        return JsonNumbers.digitsEnd(in, p, end);
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
                long flags = JsonStrings.special(b, p);
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
                        if (JsonStrings.hexDigit(b[p + i]) < 0) {
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
            int n = JsonStrings.utf8Length(b, p, e);
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
        scratchLength = JsonStrings.unescape(in, rawStart, rawEnd, scratch);
    }

    /** Where the current value token starts within {@link #input()}: its quote, first digit, bracket or letter. */
    int tokenStart() {
        return tokenAt;
    }

    /** The position after the current token within {@link #input()}. */
    int position() {
        return pos;
    }

    /** The end of the payload slice within {@link #input()}. */
    int limit() {
        return end;
    }

    /**
     * Stands the scanner on a value that {@link EventReader} has already checked: a string of plain ASCII without
     * escapes at {@code in[start, end)} (between its quotes), a well-formed number there ({@code integral} when it
     * has neither fraction nor exponent), or a {@code true}, {@code false} or {@code null} literal. The scanner's
     * position does not move.
     */
    void standOn(int kind, int start, int stop, boolean integralNumber) {
        token = kind;
        rawStart = start;
        rawEnd = stop;
        escaped = false;
        unescaped = false;
        integral = integralNumber;
    }

    /**
     * Ends the object the scanner is in at {@code p}, its closing brace, which {@link EventReader} has checked to
     * close it: the scanner then stands on that END_OBJECT.
     */
    void closeObjectAt(int p) {
        close(p, true);
    }

    /** Raw start of the current string or number within {@link #input()} (unescaped strings only). */
    int rawStart() {
        return rawStart;
    }

    int rawLength() {
        return rawEnd - rawStart;
    }
}
