package io.tagtrail.decode;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonNumbersTest {
    private static int naiveDigitsEnd(byte[] b, int p, int end) {
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        return p;
    }

    @Test
    void findsTheEndOfADigitRunForEveryByteValueAtEveryPlace() {
        for (int at = 0; at < 20; at++) {
            for (int v = 0; v < 256; v++) {
                byte[] b = "x12345678901234567890123y".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                b[1 + at] = (byte) v;
                for (int end = 1; end <= b.length; end++) {
                    assertEquals(naiveDigitsEnd(b, 1, end), JsonNumbers.digitsEnd(b, 1, end),
                            "byte " + v + " at " + at + ", end " + end);
                }
            }
        }
    }

    @Test
    void stopsAtTheLimitEvenWithinDigits() {
        byte[] b = "0123456789012345678901234".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(25, JsonNumbers.digitsEnd(b, 0, 25));
        assertEquals(9, JsonNumbers.digitsEnd(b, 0, 9));
        assertEquals(3, JsonNumbers.digitsEnd(b, 3, 3));
    }
}
