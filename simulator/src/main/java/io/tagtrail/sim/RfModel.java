package io.tagtrail.sim;

import java.util.Map;

/**
 * The radio side of a run: how antennas see tags, how readers keep time, how often they fail, and how they batch
 * reads into messages. {@code antenna} and {@code reader} apply everywhere unless {@code antennas} (key
 * {@code reader:port}) or {@code readers} (key reader id) override them.
 *
 * @param reader                  every reader's timing unless overridden
 * @param antenna                 every antenna's radio unless overridden
 * @param clockOffsetSigmaMillis  spread of reader clock offsets (normal, fixed per reader for the run)
 * @param outagesPerReaderPerHour mean rate of reader outages (Poisson); during an outage a reader reports nothing
 * @param outageDuration          how long an outage lasts
 * @param maxReadsPerMessage      a reader cycle with more reads is split over several messages
 * @param readers                 per-reader overrides
 * @param antennas                per-antenna overrides, key {@code reader:port}
 */
public record RfModel(ReaderRf reader, AntennaRf antenna, double clockOffsetSigmaMillis,
                      double outagesPerReaderPerHour, DwellDistribution outageDuration, int maxReadsPerMessage,
                      Map<String, ReaderRf> readers, Map<String, AntennaRf> antennas) {
    public RfModel {
        if (reader == null || antenna == null || outageDuration == null) {
            throw new IllegalArgumentException("rf needs reader, antenna and outage settings");
        }
        if (!(clockOffsetSigmaMillis >= 0 && clockOffsetSigmaMillis <= 60_000)) {
            throw new IllegalArgumentException("clock_offset_sigma_ms must be in [0, 60000], got "
                    + clockOffsetSigmaMillis);
        }
        if (!(outagesPerReaderPerHour >= 0 && outagesPerReaderPerHour <= 60)) {
            throw new IllegalArgumentException("outages_per_reader_per_hour must be in [0, 60], got "
                    + outagesPerReaderPerHour);
        }
        if (maxReadsPerMessage < 1) {
            throw new IllegalArgumentException("max_reads_per_message must be positive, got " + maxReadsPerMessage);
        }
        readers = Map.copyOf(readers);
        antennas = Map.copyOf(antennas);
    }

    public ReaderRf reader(String readerId) {
        return readers.getOrDefault(readerId, reader);
    }

    public AntennaRf antenna(String readerId, int port) {
        return antennas.getOrDefault(readerId + ":" + port, antenna);
    }
}
