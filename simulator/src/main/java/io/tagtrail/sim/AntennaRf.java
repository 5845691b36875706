package io.tagtrail.sim;

/**
 * How one antenna sees tags, per reader cycle.
 *
 * @param missProbability      chance that the antenna misses a tag in its own zone in one cycle
 * @param crossReadProbability chance that it reads a tag standing in a neighbouring zone in one cycle
 * @param ownRssiDbm           mean RSSI of a tag in its own zone
 * @param crossOffsetDb        how much weaker a cross-read from a neighbouring zone is
 * @param rssiSigmaDb          standard deviation of the RSSI noise of one read
 * @param duplicateProbability chance that a read is reported twice (same time, same RSSI) in the message
 */
public record AntennaRf(double missProbability, double crossReadProbability, double ownRssiDbm,
                        double crossOffsetDb, double rssiSigmaDb, double duplicateProbability) {
    public AntennaRf {
        if (!(missProbability >= 0 && missProbability < 1)) {
            throw new IllegalArgumentException("miss_probability must be in [0, 1), got " + missProbability);
        }
        if (!(crossReadProbability >= 0 && crossReadProbability <= 1)) {
            throw new IllegalArgumentException("cross_read_probability must be in [0, 1], got "
                    + crossReadProbability);
        }
        if (!(ownRssiDbm > -120 && ownRssiDbm < 0)) {
            throw new IllegalArgumentException("own_rssi_dbm must be in (-120, 0), got " + ownRssiDbm);
        }
        if (!(crossOffsetDb >= 0 && crossOffsetDb < 60)) {
            throw new IllegalArgumentException("cross_offset_db must be in [0, 60), got " + crossOffsetDb);
        }
        if (!(rssiSigmaDb >= 0 && rssiSigmaDb <= 20)) {
            throw new IllegalArgumentException("rssi_sigma_db must be in [0, 20], got " + rssiSigmaDb);
        }
        if (!(duplicateProbability >= 0 && duplicateProbability < 1)) {
            throw new IllegalArgumentException("duplicate_probability must be in [0, 1), got "
                    + duplicateProbability);
        }
    }
}
