package io.tagtrail.core;

import java.time.Duration;

/**
 * How raw reads become presence in a zone.
 *
 * @param confirmReads     reads of a zone within {@code confirmWindow} needed before a tag is placed there
 * @param confirmWindow    window for {@code confirmReads}
 * @param hysteresisDb     how much stronger (smoothed dBm) a zone must be than the current one to take over
 * @param smoothingAlpha   weight of a new read in the exponentially smoothed RSSI of its zone (0..1]
 * @param agingDbPerSecond how fast the smoothed RSSI of a zone that is no longer read fades
 * @param agingGrace       how long a zone may go unread before it starts to fade
 * @param lostTimeout      a tag not seen for this long has left its zone
 * @param tripTimeout      a tag not seen for this long has left the store (sooner when last seen at an entrance)
 * @param maxBackdate      how far before its confirmation a visit may be dated back to its first strong read
 * @param maxCandidates    zones tracked per tag at once (the current one and its strongest rivals)
 */
public record PresenceConfig(int confirmReads, Duration confirmWindow, double hysteresisDb, double smoothingAlpha,
                             double agingDbPerSecond, Duration agingGrace, Duration lostTimeout,
                             Duration tripTimeout, Duration maxBackdate, int maxCandidates) {

    public static final PresenceConfig DEFAULTS = new PresenceConfig(2, Duration.ofSeconds(3), 3.0, 0.4, 2.0,
            Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(10), 4);

    public PresenceConfig {
        if (confirmReads < 1 || confirmReads > 16) {
            throw new IllegalArgumentException("presence.confirm-reads must be 1..16, got " + confirmReads);
        }
        requirePositive("presence.confirm-window", confirmWindow);
        if (hysteresisDb < 0 || hysteresisDb > 40) {
            throw new IllegalArgumentException("presence.hysteresis-db must be 0..40, got " + hysteresisDb);
        }
        if (!(smoothingAlpha > 0 && smoothingAlpha <= 1)) {
            throw new IllegalArgumentException("presence.smoothing-alpha must be in (0, 1], got " + smoothingAlpha);
        }
        if (agingDbPerSecond < 0) {
            throw new IllegalArgumentException("presence.aging-db-per-second must be >= 0, got " + agingDbPerSecond);
        }
        requireNonNegative("presence.aging-grace", agingGrace);
        requirePositive("presence.lost-timeout", lostTimeout);
        requirePositive("presence.trip-timeout", tripTimeout);
        if (tripTimeout.compareTo(lostTimeout) < 0) {
            throw new IllegalArgumentException("presence.trip-timeout must not be shorter than presence.lost-timeout");
        }
        requireNonNegative("presence.max-backdate", maxBackdate);
        if (maxCandidates < 2 || maxCandidates > 16) {
            throw new IllegalArgumentException("presence.max-candidates must be 2..16, got " + maxCandidates);
        }
    }

    /** The longest a visit's start or end can lie before the watermark at which it becomes known. */
    public long settleMillis() {
        return Math.max(Math.max(maxBackdate.toMillis(), confirmWindow.toMillis()), lostTimeout.toMillis());
    }

    static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }

    static void requireNonNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
    }
}
