package io.tagtrail.decode;

import io.tagtrail.model.Epc;


/** The bytes of JSON strings: finding where they need a look, checking UTF-8, and unescaping. */
final class JsonStrings {

    private JsonStrings() {
    }

    /**
     * Flags (the high bit of a byte) those of the eight bytes at {@code b[p]}, read little-endian, that are a quote,
     * a backslash, below 0x20 or above 0x7F. SWAR: subtracting one from each byte borrows into the high bit of a
     * zero byte; a borrow can flag a byte above a flagged one by mistake, never one below, so the lowest flag is
     * always exact.
     */
    static long special(byte[] b, int p) {
        long x = Swar.word(b, p);
        long control = (x - Swar.ONES * 0x20) & ~x;
        return Swar.bytesEqual(x, '"') | Swar.bytesEqual(x, '\\') | ((control | x) & Swar.HIGH_BITS);
    }

    /** Length of the well-formed UTF-8 sequence of a non-ASCII character at {@code p}, or -1. */
    static int utf8Length(byte[] b, int p, int e) {
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

    /** The value of a hex digit, or -1. */
    static int hexDigit(byte c) {
        return Epc.hexValue(c);
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

    /**
     * Unescapes the validated string content {@code b[from, to)} into {@code out} (at least {@code to - from}
     * long: unescaping never lengthens) as UTF-8, and returns its length. A lone surrogate becomes U+FFFD.
     */
    static int unescape(byte[] b, int from, int to, byte[] out) {
        int n = 0;
        int p = from;
        while (p < to) {
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
            if (cp >= 0xD800 && cp <= 0xDBFF && p + 6 <= to && b[p] == '\\' && b[p + 1] == 'u') {
                int low = hex4(b, p + 2);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    p += 6;
                }
            }
            n = appendUtf8(out, n, cp);
        }
        return n;
    }
}
