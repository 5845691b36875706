package io.tagtrail.decode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Base64TextTest {
    /** What the Jackson-based decoder did: java.util.Base64, URL-safe when the text has '-' or '_'. */
    private static byte[] javaDecode(String text, boolean detectUrlSafe) {
        try {
            boolean url = detectUrlSafe && (text.indexOf('-') >= 0 || text.indexOf('_') >= 0);
            return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Test
    void decodesA96BitEpcInEitherAlphabet() {
        long[] out = new long[2];
        assertTrue(Base64Text.epc96(bytes("LUCjscLTAAAAAE0v"), 0, 16, out));
        assertArrayEquals(new long[]{0x2D40A3B1C2D30000L, 0x00004D2FL}, out);
        assertTrue(Base64Text.epc96(bytes("MDQle_QADEAAAAEj"), 0, 16, out));
        assertArrayEquals(new long[]{0x3034257BF4000C40L, 0x123L}, out);
        assertTrue(Base64Text.epc96(bytes("MDQle/QADEAAAAEj"), 0, 16, out));
        assertArrayEquals(new long[]{0x3034257BF4000C40L, 0x123L}, out);
        long[] untouched = {7, 9};
        assertFalse(Base64Text.epc96(bytes("MDQle/QADEAAAA-j"), 0, 16, untouched), "alphabets mixed");
        assertFalse(Base64Text.epc96(bytes("LUCjscLTAAAA"), 0, 12, untouched));
        assertArrayEquals(new long[]{7, 9}, untouched);
    }

    @Test
    void agreesWithJavaUtilBase64OnRandomTexts() {
        Random random = new Random(3);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_= !\u00e9";
        long[] out = new long[2];
        for (int i = 0; i < 200_000; i++) {
            int len = random.nextInt(4) == 0 ? random.nextInt(20) : (random.nextBoolean() ? 16 : 3 + random.nextInt(2));
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < len; k++) {
                s.append(random.nextInt(10) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : alphabet.charAt(random.nextInt(62)));
            }
            String text = s.toString();
            byte[] b = bytes(text);

            byte[] epc = javaDecode(text, true);
            boolean expected = epc != null && epc.length == 12;
            assertEquals(expected, Base64Text.epc96(b, 0, b.length, out), text);
            if (expected) {
                long hi = 0;
                for (int k = 0; k < 8; k++) {
                    hi = (hi << 8) | (epc[k] & 0xFF);
                }
                long lo = 0;
                for (int k = 8; k < 12; k++) {
                    lo = (lo << 8) | (epc[k] & 0xFF);
                }
                assertArrayEquals(new long[]{hi, lo}, out, text);
            }

            byte[] two = javaDecode(text, false);
            int rssi = Base64Text.int16(b, 0, b.length);
            if (two != null && two.length == 2) {
                assertEquals((short) (((two[0] & 0xFF) << 8) | (two[1] & 0xFF)), rssi, text);
            } else {
                assertEquals(Integer.MIN_VALUE, rssi, text);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
