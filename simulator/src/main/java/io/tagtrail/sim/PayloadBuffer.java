package io.tagtrail.sim;

import java.util.Arrays;

/**
 * A growable ASCII byte buffer that the payload encoders write into directly: numbers, hex EPCs and ISO-8601
 * timestamps without intermediate strings. One buffer is reused for every message; {@link #toByteArray()} is the
 * only copy.
 */
final class PayloadBuffer {
    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HEX_LOWER = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[64 * 1024];
    private int length;
    private long cachedSecond = Long.MIN_VALUE;
    private final byte[] secondPrefix = new byte[19];

    void clear() {
        length = 0;
    }

    int length() {
        return length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    PayloadBuffer ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    PayloadBuffer ascii(byte[] s) {
        ensure(s.length);
        System.arraycopy(s, 0, bytes, length, s.length);
        length += s.length;
        return this;
    }

    PayloadBuffer ch(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    PayloadBuffer number(long v) {
        if (v == Long.MIN_VALUE) {
            return ascii(MIN_LONG);
        }
        ensure(20);
        if (v < 0) {
            bytes[length++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long p = 10; p <= v && digits < 19; p *= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += digits;
        return this;
    }

    /** {@code width} digits, zero padded. */
    PayloadBuffer padded(long v, int width) {
        ensure(width);
        for (int i = length + width - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += width;
        return this;
    }

    /** The EPC-96 as 24 hex digits. */
    PayloadBuffer epcHex(long hi, long lo, boolean upperCase) {
        byte[] digits = upperCase ? HEX_UPPER : HEX_LOWER;
        ensure(24);
        for (int shift = 60; shift >= 0; shift -= 4) {
            bytes[length++] = digits[(int) ((hi >>> shift) & 0xF)];
        }
        for (int shift = 28; shift >= 0; shift -= 4) {
            bytes[length++] = digits[(int) ((lo >>> shift) & 0xF)];
        }
        return this;
    }

    /** {@code 2026-11-22T10:00:03} for the second holding the instant (UTC). */
    PayloadBuffer isoSecond(long epochMicros) {
        long second = Math.floorDiv(epochMicros, 1_000_000L);
        if (second != cachedSecond) {
            cachedSecond = second;
            int saved = length;
            formatSecond(second);
            System.arraycopy(bytes, saved, secondPrefix, 0, 19);
            length = saved;
        }
        return ascii(secondPrefix);
    }

    /** {@code 2026-11-22T10:00:03.120456Z}: microseconds, UTC. */
    PayloadBuffer isoMicros(long epochMicros) {
        isoSecond(epochMicros).ch('.');
        return padded(Math.floorMod(epochMicros, 1_000_000L), 6).ch('Z');
    }

    private void formatSecond(long seconds) {
        long days = Math.floorDiv(seconds, 86_400L);
        int secOfDay = (int) Math.floorMod(seconds, 86_400L);
        long ymd = io.tagtrail.decode.IsoTimestamp.civilDate(days);
        long y = ymd / 10_000;
        long m = ymd / 100 % 100;
        long d = ymd % 100;
        padded(y, 4).ch('-').padded(m, 2).ch('-').padded(d, 2).ch('T').padded(secOfDay / 3600, 2).ch(':')
                .padded(secOfDay / 60 % 60, 2).ch(':').padded(secOfDay % 60, 2);
    }
}
