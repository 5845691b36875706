package io.tagtrail.core;

/**
 * Traffic of one zone (or, with {@code zoneIndex == -1}, one whole floor) in one minute.
 *
 * @param bucketMillis   start of the minute
 * @param entries        visits that began in the minute (for a floor: arrivals from another floor or outside)
 * @param uniqueVisitors distinct shoppers present at any moment of the minute
 * @param avgOccupancy   shopper-seconds present divided by 60
 * @param peakOccupancy  most shoppers present at one instant
 */
public record ZoneMinute(long bucketMillis, int floor, int zoneIndex, int entries, int uniqueVisitors,
                         double avgOccupancy, int peakOccupancy) {
    public boolean isFloor() {
        return zoneIndex < 0;
    }
}
