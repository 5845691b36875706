package io.tagtrail.decode;


/**
 * Reads the event objects of one reader stream and hands the values of the fields its schema knows to a decoder.
 *
 * <p>A reader writes every event the same way: the same fields in the same order, the same spacing; only the
 * values change. So besides walking an event with the {@link JsonScanner}, this remembers the layout of the last
 * event it walked: the bytes between the values (brackets, names, colons, commas, spacing) and the kind of each
 * value. The next event is first compared against that layout, eight bytes at a time, its values checked by kind
 * in between: strings of plain ASCII without escapes, well-formed numbers, the same {@code true}/{@code false}/
 * {@code null}. When every byte agrees, the event is well-formed JSON with exactly the tokens the walk would have
 * found, so the decoder gets the same values in the same order without a single token being scanned. Values are
 * handed over as soon as they are checked, in the same pass; anything else (another field order, an escape, a
 * non-ASCII byte, a malformed byte) makes the decoder forget what it was handed ({@link Fields#reset()}) and falls
 * back to the walk, which decides as always, and whose event becomes the layout learned next.
 *
 * <p>A stream whose events keep changing layout would pay for comparisons that fail and for learning: a layout
 * that served fewer than {@link #MIN_HITS} events before failing makes the reader walk the following events
 * without comparing or learning, for a number of events that doubles each time this happens (up to
 * {@link #MAX_BACKOFF}); a layout that served longer is replaced at once.
 *
 * <p>Not thread-safe: one per decoder.
 */
final class EventReader {
    /** What a decoder does with the values of the fields its schema knows. */
    interface Fields {
        /**
         * The value of a known field with no schema of its own; the scanner stands on its token, whatever its kind
         * (a decoder skips an object or array with {@link JsonScanner#skipChildren()} and must not move otherwise).
         */
        void value(int id, JsonScanner s);

        /**
         * A known field whose value is an object of its own known fields opens (or, for a field holding an array of
         * such objects, the next element does); the object's fields follow.
         */
        void enter(int id);

        /**
         * Forget every value delivered so far: a new event begins, or the comparison with the learned layout failed
         * part way through and the walk reads the event again from its start.
         */
        void reset();
    }

    static final int MAX_STEPS = 64;
    static final int MAX_LITERAL_BYTES = 2048;
    static final int MAX_NESTING = 8;
    /** Longer strings are left to the walk. */
    static final int MAX_FAST_STRING_BYTES = 1024;
    static final int MIN_HITS = 4;
    static final int MAX_BACKOFF = 1024;

    private static final JsonName[] NO_NAMES = new JsonName[0];

    // kinds of a layout's steps
    private static final byte STRING = 0;
    private static final byte NUMBER = 1;
    private static final byte TRUE = 2;
    private static final byte FALSE = 3;
    private static final byte NULL = 4;
    private static final byte ENTER = 5;
    private static final int[] TOKENS = {JsonScanner.STRING, JsonScanner.NUMBER, JsonScanner.TRUE, JsonScanner.FALSE,
        JsonScanner.NULL};
    private static final int[] WORD_LENGTHS = {0, 0, 4, 5, 4};

    private final JsonSchema schema;
    private final Fields fields;

    // The learned layout: step i compares the bytes literal[literalEnd[i - 1], literalEnd[i]) and then reads a
    // value of kinds[i] for field ids[i] (-1: one the decoder does not know, only checked); a literal true, false
    // or null is the last bytes of its step's literal. The bytes up to literalEnd[steps] close the event.
    private final byte[] literal = new byte[MAX_LITERAL_BYTES];
    private final int[] literalEnd = new int[MAX_STEPS + 1];
    private final byte[] kinds = new byte[MAX_STEPS];
    private final int[] ids = new int[MAX_STEPS];
    /** Steps of the learned layout; -1 when there is none. */
    private int steps = -1;

    /** Whether the number {@link #numberEnd} last checked is integral. */
    private boolean integral;

    private int hits;
    private int skip;
    private int backoff = 1;
    private long fastEvents;
    private long layoutsLearned;

    // learning
    private final JsonScanner learner = new JsonScanner();
    private byte[] learnFrom;
    private int learnCut;
    private int learnLength;
    private int learnSteps;

    EventReader(JsonSchema schema, Fields fields) {
        this.schema = schema;
        this.fields = fields;
    }

    /**
     * Reads the event object the scanner stands on (its START_OBJECT), handing its values to the decoder, which
     * is first told to {@link Fields#reset()}; leaves the scanner on the event's END_OBJECT and returns true, or
     * on ERROR, when the payload breaks inside the event, and returns false.
     */
    boolean read(JsonScanner s) {
        fields.reset();
        int start = s.position() - 1;
        if (skip > 0) {
            skip--;
            walk(s, schema);
            return !s.failed();
        }
        if (steps >= 0) {
            if (readByLayout(s, s.input(), start, s.limit())) {
                hits++;
                fastEvents++;
                return true;
            }
            fields.reset();
            backOffUnlessServed();
        }
        walk(s, schema);
        if (s.failed()) {
            return false;
        }
        learn(s.input(), start, s.position());
        return true;
    }

    /** Events read by comparison with a learned layout, without scanning (for tests and figures). */
    long fastEvents() {
        return fastEvents;
    }

    /** Layouts learned so far (for tests). */
    long layoutsLearned() {
        return layoutsLearned;
    }

    private void backOffUnlessServed() {
        if (hits < MIN_HITS) {
            skip = backoff;
            backoff = Math.min(backoff * 2, MAX_BACKOFF);
        } else {
            backoff = 1;
        }
        hits = 0;
    }

    // ---- the walk

    private void walk(JsonScanner s, JsonSchema object) {
        int f;
        int hint = 0;
        while ((f = s.nextField(object.names, hint)) != JsonScanner.NO_FIELD) {
            if (f < 0) {
                s.skipValue();
                continue;
            }
            hint = f + 1;
            int t = s.next();
            JsonSchema child = object.object(f);
            if (child == null) {
                fields.value(object.id(f), s);
            } else if (object.array(f)) {
                if (t != JsonScanner.START_ARRAY) {
                    s.skipChildren();
                } else if (!walkElements(s, child, object.id(f))) {
                    return;
                }
            } else if (t == JsonScanner.START_OBJECT) {
                fields.enter(object.id(f));
                walk(s, child);
            } else {
                s.skipChildren();
            }
        }
    }

    /** The elements of an array of known objects, up to its END_ARRAY; false when the payload breaks inside. */
    private boolean walkElements(JsonScanner s, JsonSchema element, int id) {
        int t;
        while ((t = s.next()) != JsonScanner.END_ARRAY) {
            if (t == JsonScanner.ERROR) {
                return false;
            }
            if (t == JsonScanner.START_OBJECT) {
                fields.enter(id);
                walk(s, element);
                if (s.failed()) {
                    return false;
                }
            } else {
                s.skipChildren();
            }
        }
        return true;
    }

    // ---- comparing with the learned layout

    /**
     * Compares the event from {@code p} with the learned layout and hands each value to the decoder as soon as it is
     * checked; true when the whole event agreed (the scanner then stands on its END_OBJECT). On false some values
     * may have been handed over already, and the caller has the decoder forget them.
     */
    private boolean readByLayout(JsonScanner s, byte[] b, int p, int end) {
        byte[] lit = literal;
        int from = 0;
        int n = steps;
        for (int i = 0; i < n; i++) {
            int to = literalEnd[i];
            int len = to - from;
            if (p > end - len || !sameBytes(b, p, lit, from, len)) {
                return false;
            }
            p += len;
            from = to;
            byte kind = kinds[i];
            int valueStart = p;
            if (kind == STRING) {
                p = stringEnd(b, p, end);
                if (p < 0) {
                    return false;
                }
            } else if (kind == NUMBER) {
                p = numberEnd(b, p, end);
                if (p < 0) {
                    return false;
                }
            } else if (kind != ENTER) {
                valueStart = p - WORD_LENGTHS[kind];
            }
            int id = ids[i];
            if (id >= 0) {
                if (kind == ENTER) {
                    fields.enter(id);
                } else {
                    s.standOn(TOKENS[kind], valueStart, p, integral);
                    fields.value(id, s);
                }
            }
        }
        int len = literalEnd[n] - from;
        if (p > end - len || !sameBytes(b, p, lit, from, len)) {
            return false;
        }
        s.closeObjectAt(p + len - 1);
        return true;
    }

    private static boolean sameBytes(byte[] b, int p, byte[] lit, int from, int len) {
        if (len >= 8) {
            // the first and the last eight bytes (overlapping for fewer than 16), and whole words in between, with
            // one test at the end rather than one per word
            long diff = (Swar.word(b, p) ^ Swar.word(lit, from))
                    | (Swar.word(b, p + len - 8) ^ Swar.word(lit, from + len - 8));
            for (int i = 8; i < len - 8; i += 8) {
                diff |= Swar.word(b, p + i) ^ Swar.word(lit, from + i);
            }
            return diff == 0;
        }
        for (int i = 0; i < len; i++) {
            if (b[p + i] != lit[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** Where the plain ASCII string from {@code p} ends (its closing quote), or -1 for any other string. */
    private static int stringEnd(byte[] b, int p, int end) {
        int limit = Math.min(end, p + MAX_FAST_STRING_BYTES + 1);
        int q = p;
        while (q <= limit - 8) {
            long flags = JsonStrings.special(b, q);
            if (flags != 0) {
                q += Long.numberOfTrailingZeros(flags) >>> 3;
                return b[q] == '"' && q - p <= MAX_FAST_STRING_BYTES ? q : -1;
            }
            q += 8;
        }
        while (q < limit) {
            byte c = b[q];
            if (c == '"') {
                return q - p <= MAX_FAST_STRING_BYTES ? q : -1;
            }
            if (c == '\\' || c < 0x20) {
                // an escape, a control character, or (negative) a non-ASCII byte
                return -1;
            }
            q++;
        }
        return -1;
    }

    /** Where the well-formed JSON number from {@code p} ends, or -1; notes whether it is integral. */
    private int numberEnd(byte[] b, int p, int end) {
        int q = p;
        if (q < end && b[q] == '-') {
            q++;
        }
        if (q >= end) {
            return -1;
        }
        byte c = b[q];
        if (c == '0') {
            q++;
            if (q < end && isDigit(b[q])) {
                return -1;
            }
        } else if (c >= '1' && c <= '9') {
            q = JsonNumbers.digitsEnd(b, q + 1, end);
        } else {
            return -1;
        }
        boolean whole = true;
        if (q < end && b[q] == '.') {
            whole = false;
            int d = q + 1;
            q = JsonNumbers.digitsEnd(b, d, end);
            if (q == d) {
                return -1;
            }
        }
        if (q < end && (b[q] == 'e' || b[q] == 'E')) {
            whole = false;
            q++;
            if (q < end && (b[q] == '+' || b[q] == '-')) {
                q++;
            }
            int d = q;
            q = JsonNumbers.digitsEnd(b, d, end);
            if (q == d) {
                return -1;
            }
        }
        if (q - p > JsonScanner.MAX_NUMBER_CHARS) {
            return -1;
        }
        integral = whole;
        return q;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    // ---- learning a layout from a well-formed event

    private void learn(byte[] b, int start, int stop) {
        steps = -1;
        hits = 0;
        JsonScanner l = learner;
        l.reset(b, start, stop - start);
        learnFrom = b;
        learnCut = start;
        learnLength = 0;
        learnSteps = 0;
        boolean ok = l.next() == JsonScanner.START_OBJECT && learnObject(l, schema, 1)
                && l.next() == JsonScanner.END && appendLiteral(stop);
        learnFrom = null;
        if (!ok) {
            // this stream's events cannot be compared (too large, too deep, or a known field of an unusual kind)
            skip = backoff;
            backoff = Math.min(backoff * 2, MAX_BACKOFF);
            return;
        }
        literalEnd[learnSteps] = learnLength;
        steps = learnSteps;
        layoutsLearned++;
    }

    private boolean learnObject(JsonScanner l, JsonSchema object, int depth) {
        if (depth > MAX_NESTING) {
            return false;
        }
        JsonName[] names = object == null ? NO_NAMES : object.names;
        int f;
        while ((f = l.nextField(names, 0)) != JsonScanner.NO_FIELD) {
            int id = -1;
            JsonSchema child = null;
            if (f >= 0) {
                id = object.id(f);
                child = object.object(f);
            }
            int t = l.next();
            if (child != null && object.array(f)) {
                if (t == JsonScanner.START_ARRAY) {
                    if (!learnElements(l, child, id, depth + 1)) {
                        return false;
                    }
                    continue;
                }
                // the walk skips a known array field that holds anything else, and so do the steps
                id = -1;
            } else if (child != null) {
                if (t == JsonScanner.START_OBJECT) {
                    if (!step(l.tokenStart() + 1, ENTER, id, l.tokenStart() + 1) || !learnObject(l, child, depth + 1)) {
                        return false;
                    }
                    continue;
                }
                // the walk skips a known object field that holds anything else, and so do the steps
                id = -1;
            }
            if (!learnValue(l, t, id, depth)) {
                return false;
            }
        }
        return !l.failed();
    }

    /** An array of known objects: each object element opens with a step of its own, as the walk enters it. */
    private boolean learnElements(JsonScanner l, JsonSchema element, int id, int depth) {
        if (depth > MAX_NESTING) {
            return false;
        }
        int t;
        while ((t = l.next()) != JsonScanner.END_ARRAY) {
            if (t == JsonScanner.START_OBJECT) {
                if (!step(l.tokenStart() + 1, ENTER, id, l.tokenStart() + 1) || !learnObject(l, element, depth + 1)) {
                    return false;
                }
            } else if (!learnValue(l, t, -1, depth)) {
                return false;
            }
        }
        return true;
    }

    private boolean learnArray(JsonScanner l, int depth) {
        if (depth > MAX_NESTING) {
            return false;
        }
        int t;
        while ((t = l.next()) != JsonScanner.END_ARRAY) {
            if (!learnValue(l, t, -1, depth)) {
                return false;
            }
        }
        return true;
    }

    private boolean learnValue(JsonScanner l, int t, int id, int depth) {
        int at = l.tokenStart();
        switch (t) {
            case JsonScanner.STRING:
                return step(at + 1, STRING, id, at + 1 + l.rawLength());
            case JsonScanner.NUMBER:
                return step(at, NUMBER, id, at + l.rawLength());
            case JsonScanner.TRUE:
            case JsonScanner.FALSE:
            case JsonScanner.NULL:
                if (id < 0) {
                    // part of the bytes compared
                    return true;
                }
                byte kind = t == JsonScanner.TRUE ? TRUE : t == JsonScanner.FALSE ? FALSE : NULL;
                int wordEnd = at + WORD_LENGTHS[kind];
                return step(wordEnd, kind, id, wordEnd);
            case JsonScanner.START_OBJECT:
                return id < 0 && learnObject(l, null, depth + 1);
            case JsonScanner.START_ARRAY:
                return id < 0 && learnArray(l, depth + 1);
            default:
                return false;
        }
    }

    /** Ends a step: the bytes up to {@code literalTo}, then a value of {@code kind} that ends at {@code cut}. */
    private boolean step(int literalTo, byte kind, int id, int cut) {
        if (learnSteps == MAX_STEPS || !appendLiteral(literalTo)) {
            return false;
        }
        literalEnd[learnSteps] = learnLength;
        kinds[learnSteps] = kind;
        ids[learnSteps] = id;
        learnSteps++;
        learnCut = cut;
        return true;
    }

    private boolean appendLiteral(int to) {
        int n = to - learnCut;
        if (learnLength + n > MAX_LITERAL_BYTES) {
            return false;
        }
        System.arraycopy(learnFrom, learnCut, literal, learnLength, n);
        learnLength += n;
        return true;
    }
}
