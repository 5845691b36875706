package io.tagtrail.decode;


/**
 * Parses the ISO-8601 timestamps of one stream of payloads, as {@link IsoTimestamp#parseMicros(byte[], int, int)}
 * does, remembering the minute of the last one: consecutive reads share their date, hour and minute, so that only
 * seconds, fraction and zone are parsed again. Not thread-safe: one per decoder.
 */
final class IsoTimestampReader {

    private long firstEight;
    private long secondEight;
    private long minuteSeconds = IsoTimestamp.INVALID;
    private boolean primed;

    long parseMicros(byte[] c, int off, int len) {
        if (len < 20) {
            return IsoTimestamp.INVALID;
        }
        long a = Swar.word(c, off);
        long b = Swar.word(c, off + 8);
        if (!primed || a != firstEight || b != secondEight) {
            minuteSeconds = IsoTimestamp.minuteSeconds(c, off);
            firstEight = a;
            secondEight = b;
            primed = true;
        }
        long minute = minuteSeconds;
        return minute == IsoTimestamp.INVALID ? IsoTimestamp.INVALID : IsoTimestamp.afterMinute(c, off, len, minute);
    }
}
