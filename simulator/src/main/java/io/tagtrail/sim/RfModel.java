package io.tagtrail.sim;

/**
 * How antennas see tags.
 *
 * @param cycleMillis          each reader inventories all its antennas once per cycle
 * @param missProbability      chance that an antenna misses a tag in its own zone in one cycle
 * @param crossReadProbability chance that an antenna reads a tag in a neighbouring zone in one cycle
 * @param ownRssiDbm           mean RSSI of a tag in the antenna's own zone
 * @param crossOffsetDb        how much weaker a cross-read from a neighbouring zone is
 * @param rssiSigmaDb          standard deviation of RSSI noise per read
 */
public record RfModel(int cycleMillis, double missProbability, double crossReadProbability, double ownRssiDbm,
                      double crossOffsetDb, double rssiSigmaDb) {
    /** Realistic defaults for ceiling-mounted far-field antennas: 35 % missed reads, cross-reads 13 dB weaker. */
    public static final RfModel DEFAULTS = new RfModel(500, 0.35, 0.25, -55.0, 13.0, 3.0);

    public RfModel {
        if (cycleMillis < 50 || cycleMillis > 10_000) {
            throw new IllegalArgumentException("rf.cycle-millis must be 50..10000, got " + cycleMillis);
        }
        if (missProbability < 0 || missProbability >= 1) {
            throw new IllegalArgumentException("rf.miss-probability must be in [0, 1), got " + missProbability);
        }
        if (crossReadProbability < 0 || crossReadProbability > 1) {
            throw new IllegalArgumentException("rf.cross-read-probability must be in [0, 1], got "
                    + crossReadProbability);
        }
        if (rssiSigmaDb < 0) {
            throw new IllegalArgumentException("rf.rssi-sigma-db must not be negative");
        }
    }
}
