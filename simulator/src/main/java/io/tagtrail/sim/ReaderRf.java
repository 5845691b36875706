package io.tagtrail.sim;

/**
 * One reader's timing.
 *
 * @param cycleMillis       the reader inventories each of its antennas once per cycle: a tag in range is read
 *                          at most 1000 / cycleMillis times a second per antenna
 * @param clockOffsetMillis how far the reader's clock is off (positive: ahead); null draws it from the scenario's
 *                          clock offset spread
 */
public record ReaderRf(int cycleMillis, Double clockOffsetMillis) {
    public ReaderRf {
        if (cycleMillis < 50 || cycleMillis > 10_000) {
            throw new IllegalArgumentException("cycle_ms must be 50..10000, got " + cycleMillis);
        }
        if (clockOffsetMillis != null && !(Math.abs(clockOffsetMillis) <= 60_000)) {
            throw new IllegalArgumentException("clock_offset_ms must be within ±60000, got " + clockOffsetMillis);
        }
    }
}
