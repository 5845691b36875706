package io.tagtrail.decode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.tagtrail.decode.JsonScanner.END;
import static io.tagtrail.decode.JsonScanner.END_ARRAY;
import static io.tagtrail.decode.JsonScanner.END_OBJECT;
import static io.tagtrail.decode.JsonScanner.ERROR;
import static io.tagtrail.decode.JsonScanner.FALSE;
import static io.tagtrail.decode.JsonScanner.FIELD_NAME;
import static io.tagtrail.decode.JsonScanner.NULL;
import static io.tagtrail.decode.JsonScanner.NUMBER;
import static io.tagtrail.decode.JsonScanner.START_ARRAY;
import static io.tagtrail.decode.JsonScanner.START_OBJECT;
import static io.tagtrail.decode.JsonScanner.STRING;
import static io.tagtrail.decode.JsonScanner.TRUE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonScannerTest {
    private final JsonScanner s = new JsonScanner();

    private JsonScanner on(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        s.reset(b, 0, b.length);
        return s;
    }

    private JsonScanner on(byte[] b) {
        s.reset(b, 0, b.length);
        return s;
    }

    /** Every token up to END or ERROR, the last one included. */
    private static List<Integer> tokens(JsonScanner s) {
        List<Integer> t = new ArrayList<>();
        int k;
        do {
            k = s.next();
            t.add(k);
        } while (k != END && k != ERROR);
        return t;
    }

    private List<Integer> tokens(String json) {
        return tokens(on(json));
    }

    private int last(String json) {
        List<Integer> t = tokens(json);
        return t.get(t.size() - 1);
    }

    private int last(byte[] json) {
        List<Integer> t = tokens(on(json));
        return t.get(t.size() - 1);
    }

    private String stringValue(String json) {
        JsonScanner sc = on(json);
        assertEquals(STRING, sc.next(), json);
        return sc.text();
    }

    @Test
    void tokenizesEveryKindOfValue() {
        assertEquals(List.of(START_OBJECT, FIELD_NAME, START_ARRAY, NUMBER, NUMBER, STRING, TRUE, FALSE, NULL,
                START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY, END_ARRAY, END_OBJECT, END),
                tokens("{\"a\":[1,-2.5e3,\"x\",true,false,null,{},[]]}"));
    }

    @Test
    void acceptsWhitespaceBetweenEveryTokenAndNothingElse() {
        assertEquals(List.of(START_OBJECT, FIELD_NAME, START_ARRAY, NUMBER, NUMBER, END_ARRAY, END_OBJECT, END),
                tokens(" \t\r\n{ \"a\" \n:\t[ 1 ,\r2 ] } \n"));
        assertEquals(ERROR, last("{\"a\":\f1}"), "form feed is not JSON whitespace");
        assertEquals(ERROR, last("{\"a\":\u00a01}"), "no-break space is not JSON whitespace");
        assertEquals(ERROR, last("{\"a\":\u00001}"));
    }

    @Test
    void readsObjectsOneAfterAnotherWithOrWithoutSeparators() {
        assertEquals(List.of(START_OBJECT, END_OBJECT, START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY,
                START_OBJECT, END_OBJECT, END), tokens("{}{}\n[]  {}\n"));
        assertEquals(List.of(END), tokens(""));
        assertEquals(List.of(END), tokens(" \n\t "));
    }

    @Test
    void skipsAByteOrderMarkAtTheStart() {
        byte[] b = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
        assertEquals(List.of(START_OBJECT, END_OBJECT, END), tokens(on(b)));
    }

    @Test
    void rejectsStructuralMistakes() {
        String[] bad = {
            "{\"a\":1,}", "[1,]", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "[1 2]", "{,}", "[,1]", "{\"a\"}", "{1:2}",
            "{'a':1}", "{\"a\":1]", "[1}", "}", "]", "{\"a\":}", "[nul]", "[tru]", "[truex]", "[nulls]", "[True]",
            "[NaN]", "[Infinity]", "{\"a\":1}x", "//c\n{}", "[\"a\"\"b\"]", ":", ",", "{\"a\"::1}",
        };
        for (String json : bad) {
            assertEquals(ERROR, last(json), json);
            assertNotNull(s.error(), json);
        }
    }

    @Test
    void staysOnErrorOnceBroken() {
        JsonScanner sc = on("[1,,2]");
        assertEquals(START_ARRAY, sc.next());
        assertEquals(NUMBER, sc.next());
        assertEquals(ERROR, sc.next());
        assertEquals(ERROR, sc.next());
        assertTrue(sc.failed());
        assertTrue(sc.error().contains("at byte 3"), sc.error());
    }

    @Test
    void unescapesEveryEscape() {
        assertEquals("\"\\/\b\f\n\r\tA\u00e9\u20ac\ud83d\ude00",
                stringValue("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\\ud83d\\ude00\""));
        assertEquals("plain", stringValue("\"plain\""));
        assertEquals("", stringValue("\"\""));
        assertEquals("h\u00e9llo \u4e16\u754c \ud83d\ude00", stringValue("\"h\u00e9llo \u4e16\u754c \ud83d\ude00\""),
                "raw UTF-8 passes through");
        assertEquals("a\\u0041", stringValue("\"a\\\\u0041\""), "an escaped backslash before u is not an escape");
        assertEquals("\ufffd", stringValue("\"\\ud800\""), "a lone surrogate becomes the replacement character");
        assertEquals("\ufffdx", stringValue("\"\\udc00x\""));
    }

    @Test
    void comparesNamesWithAndWithoutEscapes() {
        JsonName epcHex = new JsonName("epcHex");
        JsonScanner sc = on("{\"epcHex\":1,\"epc\\u0048ex\":2,\"epcHe\":3,\"epcHexx\":4,\"\\u0065pcHex\":5}");
        sc.next();
        List<Boolean> matches = new ArrayList<>();
        while (sc.next() == FIELD_NAME) {
            matches.add(sc.textIs(epcHex));
            sc.skipValue();
        }
        assertEquals(List.of(true, true, false, false, true), matches);
    }

    @Test
    void findsFieldsByNameInAnyOrderWhateverTheHint() {
        JsonName[] names = JsonName.of("antennaPort", "epcHex", "lastSeenTime", "x");
        String json = "{\"lastSeenTime\":1,\"other\":{\"antennaPort\":9},\"epc\\u0048ex\":2,\"antennaPort\":3,"
                + "\"antennaPortX\":7,\"x\":[]}";
        for (int hint = -1; hint <= names.length; hint++) {
            JsonScanner sc = on(json);
            assertEquals(START_OBJECT, sc.next());
            List<Integer> fields = new ArrayList<>();
            int f;
            while ((f = sc.nextField(names, hint)) != JsonScanner.NO_FIELD) {
                fields.add(f);
                if (f == 0) {
                    assertEquals(NUMBER, sc.next());
                    assertEquals(3, sc.integer(0, 10));
                }
            }
            assertEquals(END_OBJECT, sc.token());
            assertEquals(List.of(2, JsonScanner.OTHER_FIELD, 1, 0, JsonScanner.OTHER_FIELD, 3), fields,
                    "hint " + hint);
            assertEquals(END, sc.next());
        }
    }

    @Test
    void rejectsBadEscapesAndControlCharacters() {
        String[] bad = {"\"\\x\"", "\"\\u12G4\"", "\"\\u12\"", "\"\\u\"", "\"\\", "\"a\tb\"", "\"a\nb\"", "\"a\u0001\"",
            "\"abc", "\"\\\"",
        };
        for (String json : bad) {
            assertEquals(ERROR, last(json), json);
        }
    }

    @Test
    void rejectsInvalidUtf8InStringsAndNames() {
        byte[][] bad = {
            {'"', (byte) 0x80, '"'},                                   // continuation byte alone
            {'"', (byte) 0xC0, (byte) 0x80, '"'},                      // overlong NUL
            {'"', (byte) 0xC3, '"'},                                   // cut two-byte sequence
            {'"', (byte) 0xE2, (byte) 0x82, '"'},                      // cut three-byte sequence
            {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},         // UTF-16 surrogate
            {'"', (byte) 0xE0, (byte) 0x80, (byte) 0x80, '"'},         // overlong three-byte
            {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // beyond U+10FFFF
            {'"', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'},
            {'"', (byte) 0xFF, '"'},
            {'{', '"', (byte) 0xFE, '"', ':', '1', '}'},               // in a name
            {'[', (byte) 0xC3, (byte) 0xA9, ']'},                      // valid UTF-8 outside a string
        };
        for (byte[] json : bad) {
            assertEquals(ERROR, last(json), java.util.Arrays.toString(json));
        }
        byte[] good = "\"\u00e9\u20ac\ud83d\ude00\u07ff\uffff\"".getBytes(StandardCharsets.UTF_8);
        assertEquals(STRING, on(good).next());
    }

    @Test
    void boundsNestingToThirtyTwoLevels() {
        String ok = "[".repeat(32) + "]".repeat(32);
        assertEquals(END, last(ok));
        assertEquals(ERROR, last("[".repeat(33) + "]".repeat(33)));
        assertTrue(s.error().contains("nesting"), s.error());
        String objects = "{\"a\":".repeat(32) + "1" + "}".repeat(32);
        assertEquals(END, last(objects));
        assertEquals(ERROR, last("{\"a\":".repeat(33) + "1" + "}".repeat(33)));
        assertEquals(ERROR, last("[".repeat(100_000)), "deep input fails fast, without recursion");
    }

    @Test
    void boundsStringsTo64KiB() {
        assertEquals(STRING, on("\"" + "y".repeat(65_536) + "\"").next());
        assertEquals(ERROR, on("\"" + "y".repeat(65_537) + "\"").next());
        String escaped = "\\n".repeat(32_768);
        assertEquals(STRING, on("\"" + escaped + "\"").next(), "the bound counts bytes as they stand");
        assertEquals(32_768, s.textLength());
    }

    @Test
    void readsNumbersAtTheirLimits() {
        assertEquals(Long.MAX_VALUE, integer("9223372036854775807"));
        assertEquals(Long.MIN_VALUE + 1, integer("-9223372036854775807"));
        assertEquals(Long.MIN_VALUE, integer("9223372036854775808"), "does not fit a long");
        assertEquals(Long.MIN_VALUE, integer("-9223372036854775809"));
        assertEquals(Long.MIN_VALUE, integer("99999999999999999999"));
        assertEquals(0, integer("-0"));
        assertEquals(-5600, integer("-5600"));
        assertEquals(Long.MIN_VALUE, integer("1.0"), "a decimal is not an integer");
        assertEquals(Long.MIN_VALUE, integer("1e2"));
        assertEquals(Long.MIN_VALUE, integer("\"1\""));
        assertEquals(NUMBER, on("-9223372036854775808").next());
        assertEquals(-9.223372036854775808E18, s.number(-1e19, 0), "Long.MIN_VALUE itself is a long");
        assertTrue(Double.isNaN(number("12345678901234567890")), "too large for a long: not a number here");
        assertTrue(Double.isNaN(number("1e999")), "infinite");
        assertTrue(Double.isNaN(number("true")));
        assertEquals(-55.5, number("-55.5"));
        assertEquals(0.001, number("1e-3"));
        assertEquals(-0.0, number("-0.0"));
        String longest = "1" + "0".repeat(63);
        assertEquals(NUMBER, on(longest).next());
        assertEquals(ERROR, on(longest + "0").next(), "65 characters");
        assertEquals(ERROR, on("-" + "1".repeat(64)).next());
        for (String bad : new String[]{"01", "-01", "-", "1.", ".5", "1e", "1e+", "+1", "1.e3", "0x10", "-a"}) {
            assertEquals(ERROR, last("[" + bad + "]"), bad);
        }
    }

    @Test
    void convertsDecimalsExactlyAsDoubleParseDouble() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder();
            if (random.nextBoolean()) {
                b.append('-');
            }
            int intDigits = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(12);
            if (intDigits == 0) {
                b.append('0');
            } else {
                b.append(1 + random.nextInt(9));
                for (int k = 1; k < intDigits; k++) {
                    b.append(random.nextInt(10));
                }
            }
            int fraction = random.nextInt(12);
            if (fraction > 0) {
                b.append('.');
                for (int k = 0; k < fraction; k++) {
                    b.append(random.nextInt(10));
                }
            }
            if (random.nextInt(8) == 0) {
                b.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(3) == 0 ? "-" : "")
                        .append(random.nextInt(40));
            }
            String text = b.toString();
            // delta 0: equal values; -0 as an integer is 0, as Jackson read it
            assertEquals(Double.parseDouble(text), number(text), 0.0, text);
        }
    }

    private long integer(String json) {
        on(json).next();
        return s.integer(Long.MIN_VALUE + 1, Long.MAX_VALUE);
    }

    private double number(String json) {
        on(json).next();
        return s.number(-Double.MAX_VALUE, Double.MAX_VALUE);
    }

    @Test
    void skipsNestedValues() {
        JsonScanner sc = on("{\"a\":{\"b\":[1,{\"c\":[[]]}],\"d\":\"}\"},\"e\":2}");
        assertEquals(START_OBJECT, sc.next());
        assertEquals(FIELD_NAME, sc.next());
        sc.skipValue();
        assertEquals(END_OBJECT, sc.token());
        assertEquals(FIELD_NAME, sc.next());
        assertTrue(sc.textIs(new JsonName("e")));
        assertEquals(NUMBER, sc.next());
        sc.skipChildren();
        assertEquals(NUMBER, sc.token(), "a scalar has no children");
        assertEquals(END_OBJECT, sc.next());
        assertEquals(END, sc.next());
    }

    @Test
    void scansOnlyItsSlice() {
        byte[] b = "xx[1,\"a\"]yy".getBytes(StandardCharsets.UTF_8);
        s.reset(b, 2, 7);
        assertEquals(List.of(START_ARRAY, NUMBER, STRING, END_ARRAY, END), tokens(s));
        s.reset(b, 2, 6);
        assertEquals(ERROR, tokens(s).get(3), "cut before the closing bracket");
        assertTrue(s.error().contains("at byte 6"), s.error());
    }

    @Test
    void everyCutOfADocumentEndsInErrorOrAtAValueBoundaryAndNeverThrows() {
        byte[] doc = ("{\"a\":[1,-2.5e3,\"x\\u0041\\n\",true,false,null,{\"b\":{}}],\"\u00e9\":\"\u20ac\"}"
                + "\n[{\"c\":12345678901234567890}]").getBytes(StandardCharsets.UTF_8);
        List<Integer> whole = tokens(on(doc));
        for (int len = 0; len <= doc.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(doc, len);
            List<Integer> t = assertDoesNotThrow(() -> tokens(on(cut)));
            int end = t.get(t.size() - 1);
            List<Integer> before = t.subList(0, t.size() - 1);
            assertEquals(whole.subList(0, before.size()), before, "cut at " + len + " changed earlier tokens");
            if (end == END) {
                assertTrue(len == doc.length || s.failed() || isTopLevelBoundary(before), "cut at " + len);
            }
        }
    }

    private static boolean isTopLevelBoundary(List<Integer> tokens) {
        int depth = 0;
        for (int t : tokens) {
            if (t == START_OBJECT || t == START_ARRAY) {
                depth++;
            } else if (t == END_OBJECT || t == END_ARRAY) {
                depth--;
            }
        }
        return depth == 0;
    }

    @Test
    void randomBytesNeverThrowAndAlwaysEnd() {
        Random random = new Random(7);
        String alphabet = "{}[]\":,\\ \n\t0123456789-+.eEtrufalsn\u00e9x";
        byte[] chars = alphabet.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50_000; i++) {
            byte[] b = new byte[random.nextInt(64)];
            for (int k = 0; k < b.length; k++) {
                b[k] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : chars[random.nextInt(chars.length)];
            }
            List<Integer> t = assertDoesNotThrow(() -> tokens(on(b)));
            assertTrue(t.size() <= b.length + 1, "at most one token per byte, and the end");
        }
    }

    @Test
    void handsOutTheRawBytesOfUnescapedStrings() {
        byte[] b = "[\"abc\",\"a\\tc\"]".getBytes(StandardCharsets.UTF_8);
        JsonScanner sc = on(b);
        sc.next();
        assertEquals(STRING, sc.next());
        assertFalse(sc.textEscaped());
        assertSame(b, sc.textArray(), "no copy");
        assertEquals(2, sc.textOffset());
        assertEquals(3, sc.textLength());
        assertEquals(STRING, sc.next());
        assertTrue(sc.textEscaped());
        assertArrayEquals("a\tc".getBytes(StandardCharsets.UTF_8),
                java.util.Arrays.copyOfRange(sc.textArray(), sc.textOffset(), sc.textOffset() + sc.textLength()));
    }
}
