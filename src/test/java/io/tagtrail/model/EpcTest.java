package io.tagtrail.model;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpcTest {

    @Test
    void parsesTwentyFourHexDigitsIntoHighAndLowWords() {
        long[] out = new long[2];
        assertTrue(Epc.parseHex("2D40A3B1C2D3000000004D2F", out));
        assertEquals(0x2D40A3B1C2D30000L, out[0]);
        assertEquals(0x00004D2FL, out[1]);
    }

    @Test
    void keepsTheLastThirtyTwoBitsInTheLowHalfOfLo() {
        long[] out = new long[2];
        assertTrue(Epc.parseHex("FFFFFFFFFFFFFFFFFFFFFFFF", out));
        assertEquals(-1L, out[0]);
        assertEquals(0xFFFFFFFFL, out[1]);
    }

    @Test
    void acceptsLowerCaseHex() {
        long[] upper = new long[2];
        long[] lower = new long[2];
        assertTrue(Epc.parseHex("35000A1B2C0000E10000ABCD", upper));
        assertTrue(Epc.parseHex("35000a1b2c0000e10000abcd", lower));
        assertArrayEquals(upper, lower);
    }

    @Test
    void parsesFromAnOffsetInACharArray() {
        char[] chars = "xx3034257BF4000C4000000123yy".toCharArray();
        long[] out = new long[2];
        assertTrue(Epc.parseHex(chars, 2, out));
        assertEquals(0x3034257BF4000C40L, out[0]);
        assertEquals(0x00000123L, out[1]);
    }

    @Test
    void rejectsWrongLengthAndLeavesOutputUntouched() {
        long[] out = {7, 9};
        assertFalse(Epc.parseHex("2D40A3B1C2D3000000004D2", out));
        assertFalse(Epc.parseHex("2D40A3B1C2D3000000004D2F0", out));
        assertFalse(Epc.parseHex("", out));
        assertArrayEquals(new long[] {7, 9}, out);
    }

    @Test
    void rejectsNonHexCharacterInEitherWordAndLeavesOutputUntouched() {
        long[] out = {7, 9};
        assertFalse(Epc.parseHex("2D40A3B1C2D3G00000004D2F", out), "G in the high word");
        assertFalse(Epc.parseHex("2D40A3B1C2D3000000004D2Z", out), "Z in the low word");
        assertFalse(Epc.parseHex("2D40A3B1C2D3 00000004D2F", out), "space");
        assertFalse(Epc.parseHex("-D40A3B1C2D3000000004D2F", out), "sign");
        assertArrayEquals(new long[] {7, 9}, out);
    }

    @Test
    void rejectsNonAsciiDigitsThatCharacterDigitWouldAccept() {
        long[] out = new long[2];
        // U+FF12 FULLWIDTH DIGIT TWO and U+0663 ARABIC-INDIC DIGIT THREE are not hex digits of an EPC
        assertFalse(Epc.parseHex("\uFF12D40A3B1C2D3000000004D2F", out), "full-width digit");
        assertFalse(Epc.parseHex("2D40A3B1C2D3000000004D2\u0663", out), "Arabic-Indic digit");
        assertFalse(Epc.parseHex("2D40A3B1C2D3000000004D2\uFF21", out), "full-width letter A");
    }

    @Test
    void formatsAsTwentyFourUpperCaseDigitsWithLeadingZeros() {
        assertEquals("000000000000000000000001", Epc.toHex(0L, 1L));
        assertEquals("2D40A3B1C2D3000000004D2F", Epc.toHex(0x2D40A3B1C2D30000L, 0x4D2FL));
        assertEquals("FFFFFFFFFFFFFFFFFFFFFFFF", Epc.toHex(-1L, 0xFFFFFFFFL));
    }

    @Test
    void appendsTheSameDigitsAsToHex() {
        StringBuilder sb = new StringBuilder("epc=");
        Epc.appendHex(0x35000A1B2C0000E1L, 0xABCDL, sb);
        assertEquals("epc=35000A1B2C0000E10000ABCD", sb.toString());
    }

    @Test
    void roundTripsRandomEpcs() {
        Random random = new Random(42);
        long[] out = new long[2];
        for (int i = 0; i < 10_000; i++) {
            long hi = random.nextLong();
            long lo = random.nextLong() & 0xFFFFFFFFL;
            String hex = Epc.toHex(hi, lo);
            assertEquals(24, hex.length());
            assertTrue(Epc.parseHex(hex, out), hex);
            assertEquals(hi, out[0], hex);
            assertEquals(lo, out[1], hex);
            StringBuilder sb = new StringBuilder();
            Epc.appendHex(hi, lo, sb);
            assertEquals(hex, sb.toString());
        }
    }

    @Test
    void headerIsTheFirstByteOfTheHighWord() {
        assertEquals(0x2D, Epc.header(0x2D40A3B1C2D30000L));
        assertEquals(0x35, Epc.header(0x35000A1B2C0000E1L));
        assertEquals(0x30, Epc.header(0x3034257BF4000C40L));
        assertEquals(0xE2, Epc.header(0xE280113220000000L), "header is unsigned");
    }

    @Test
    void parsesHexFromBytesAsFromCharacters() {
        Random random = new Random(5);
        String digits = "0123456789abcdefABCDEFgG \u00e9";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < 24; k++) {
                s.append(digits.charAt(random.nextInt(random.nextInt(20) == 0 ? digits.length() : 22)));
            }
            String text = s.toString();
            byte[] b = ("\"" + text + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long[] fromChars = {1, 2};
            long[] fromBytes = {1, 2};
            boolean ok = Epc.parseHex(text, fromChars);
            assertEquals(ok, Epc.parseHex(b, 1, fromBytes), text);
            assertArrayEquals(fromChars, fromBytes, text);
        }
    }

    @Test
    void decidesEveryByteValueAtEveryDigitAsTheCharacterPathDoes() {
        String valid = "35000A1B2C0000E10000ABCD";
        for (int pos = 0; pos < Epc.HEX_LENGTH; pos++) {
            for (int v = 0; v < 256; v++) {
                byte[] bytes = ("x" + valid + "y").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                bytes[1 + pos] = (byte) v;
                char[] chars = valid.toCharArray();
                chars[pos] = (char) v;
                long[] fromChars = {1, 2};
                long[] fromBytes = {1, 2};
                boolean ok = Epc.parseHex(chars, 0, fromChars);
                assertEquals(ok, Epc.parseHex(bytes, 1, fromBytes), "byte " + v + " at " + pos);
                assertArrayEquals(fromChars, fromBytes, "byte " + v + " at " + pos);
            }
        }
    }
}
