package io.tagtrail.decode;

/**
 * Allocation-free parser for the ISO-8601 instants readers send: {@code 2026-11-22T10:00:03.120Z},
 * with 0 to 9 fraction digits and a zone of {@code Z}, {@code +hh:mm}, {@code +hhmm} or {@code +hh}.
 * Precision finer than a microsecond is truncated.
 */
public final class IsoTimestamp {
    /** Returned for text that is not an instant. */
    public static final long INVALID = Long.MIN_VALUE;

    private IsoTimestamp() {
    }

    public static long parseMicros(CharSequence s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char ch = s.charAt(i);
            if (ch > 0x7F) {
                return INVALID;
            }
            b[i] = (byte) ch;
        }
        return parseMicros(b, 0, b.length);
    }

    public static long parseMicros(char[] c, int off, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            char ch = c[off + i];
            if (ch > 0x7F) {
                return INVALID;
            }
            b[i] = (byte) ch;
        }
        return parseMicros(b, 0, len);
    }

    /** Parses ASCII text at {@code c[off..off+len)}, as it stands in a JSON payload; allocates nothing. */
    public static long parseMicros(byte[] c, int off, int len) {
        if (len < 20) {
            return INVALID;
        }
        long minute = minuteSeconds(c, off);
        return minute == INVALID ? INVALID : afterMinute(c, off, len, minute);
    }

    /**
     * The first 16 bytes at {@code off}, {@code yyyy-mm-ddThh:mm}, as seconds since the epoch (before any zone
     * offset), or {@link #INVALID}. Depends on those bytes only, so a caller may remember it for equal bytes.
     */
    static long minuteSeconds(byte[] c, int off) {
        int year = digits(c, off, 4);
        if (year < 0 || c[off + 4] != '-') {
            return INVALID;
        }
        int month = digits(c, off + 5, 2);
        if (month < 1 || month > 12 || c[off + 7] != '-') {
            return INVALID;
        }
        int day = digits(c, off + 8, 2);
        if (day < 1 || day > daysInMonth(year, month)) {
            return INVALID;
        }
        byte t = c[off + 10];
        if (t != 'T' && t != 't' && t != ' ') {
            return INVALID;
        }
        int hour = digits(c, off + 11, 2);
        if (hour < 0 || hour > 23 || c[off + 13] != ':') {
            return INVALID;
        }
        int minute = digits(c, off + 14, 2);
        if (minute < 0 || minute > 59) {
            return INVALID;
        }
        return epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L;
    }

    /**
     * The rest of a timestamp of at least 20 bytes whose first 16 gave {@code minuteSeconds}: {@code :ss}, an
     * optional fraction and the zone.
     */
    static long afterMinute(byte[] c, int off, int len, long minuteSeconds) {
        int end = off + len;
        if (c[off + 16] != ':') {
            return INVALID;
        }
        int second = digits(c, off + 17, 2);
        if (second < 0 || second > 60) {
            return INVALID;
        }
        int p = off + 19;
        long fractionMicros = 0;
        if (p < end && (c[p] == '.' || c[p] == ',')) {
            p++;
            int n = 0;
            while (p < end && c[p] >= '0' && c[p] <= '9') {
                if (n < 6) {
                    fractionMicros = fractionMicros * 10 + (c[p] - '0');
                }
                n++;
                p++;
            }
            if (n == 0 || n > 9) {
                return INVALID;
            }
            for (int i = n; i < 6; i++) {
                fractionMicros *= 10;
            }
        }
        if (p >= end) {
            return INVALID;
        }
        int offsetSeconds;
        byte z = c[p];
        if (z == 'Z' || z == 'z') {
            offsetSeconds = 0;
            p++;
        } else if (z == '+' || z == '-') {
            int sign = z == '-' ? -1 : 1;
            int oh = digits(c, p + 1, 2, end);
            if (oh < 0 || oh > 18) {
                return INVALID;
            }
            p += 3;
            int om = 0;
            if (p < end) {
                if (c[p] == ':') {
                    p++;
                }
                om = digits(c, p, 2, end);
                if (om < 0 || om > 59) {
                    return INVALID;
                }
                p += 2;
            }
            offsetSeconds = sign * (oh * 3600 + om * 60);
        } else {
            return INVALID;
        }
        if (p != end) {
            return INVALID;
        }
        long seconds = minuteSeconds + second - offsetSeconds;
        return seconds * 1_000_000L + fractionMicros;
    }

    private static int digits(byte[] c, int off, int n, int end) {
        if (off + n > end) {
            return -1;
        }
        return digits(c, off, n);
    }

    private static int digits(byte[] c, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            byte ch = c[off + i];
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /** Appends an instant as {@code 2026-11-22T10:00:03.120456Z} (always six fraction digits). */
    public static void formatMicros(long epochMicros, StringBuilder out) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
        long days = Math.floorDiv(seconds, 86_400L);
        int secOfDay = (int) Math.floorMod(seconds, 86_400L);
        long ymd = civilDate(days);
        long y = ymd / 10_000;
        long m = ymd / 100 % 100;
        long d = ymd % 100;
        pad(out, y, 4).append('-');
        pad(out, m, 2).append('-');
        pad(out, d, 2).append('T');
        pad(out, secOfDay / 3600, 2).append(':');
        pad(out, secOfDay / 60 % 60, 2).append(':');
        pad(out, secOfDay % 60, 2).append('.');
        pad(out, micros, 6).append('Z');
    }

    /** The proleptic Gregorian date of a day since 1970-01-01 as {@code yyyymmdd} (H. Hinnant's civil_from_days). */
    public static long civilDate(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        return y * 10_000 + m * 100 + d;
    }

    private static StringBuilder pad(StringBuilder out, long value, int width) {
        long limit = 1;
        for (int i = 1; i < width; i++) {
            limit *= 10;
        }
        while (limit > 1 && value < limit) {
            out.append('0');
            limit /= 10;
        }
        return out.append(value);
    }
}
