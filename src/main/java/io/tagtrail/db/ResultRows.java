package io.tagtrail.db;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The rows the writer stores, built on the pipeline's thread and written on the writer's. */
final class ResultRows {
    private ResultRows() {
    }

    sealed interface Row permits Visit, TripRow, ZoneMinuteRow, FloorMinuteRow, Occupancy, RawRead, QuietPoint,
            ReaderMinuteRow, LoggedMessage {
    }

    record ReaderMinuteRow(Timestamp bucket, String storeId, String readerId, boolean inLayout, long reads,
                           long rejected, long late, Timestamp lastReadAt) implements Row {
        /** Rows of the same reader and minute added up into one (an upsert may touch a row once per statement). */
        static List<ReaderMinuteRow> summed(List<ReaderMinuteRow> rows) {
            if (rows.size() < 2) {
                return rows;
            }
            Map<List<Object>, ReaderMinuteRow> sums = new LinkedHashMap<>();
            for (ReaderMinuteRow r : rows) {
                sums.merge(List.of(r.storeId(), r.readerId(), r.bucket()), r, (a, b) -> new ReaderMinuteRow(
                        a.bucket(), a.storeId(), a.readerId(), b.inLayout(), a.reads() + b.reads(),
                        a.rejected() + b.rejected(), a.late() + b.late(), a.lastReadAt() == null ? b.lastReadAt()
                        : b.lastReadAt() == null || a.lastReadAt().after(b.lastReadAt()) ? a.lastReadAt()
                        : b.lastReadAt()));
            }
            return sums.size() == rows.size() ? rows : new ArrayList<>(sums.values());
        }
    }

    record QuietPoint(String storeId, Timestamp time) implements Row {
    }

    record Visit(String storeId, String zoneId, UUID visitId, String epc, String memberId, String tier,
                 String segment, Timestamp enter, Timestamp exit, double dwellSeconds, int reads, int floor,
                 String kind, Boolean counterStop) implements Row {
    }

    record TripRow(String storeId, UUID tripId, String epc, String memberId, String tier, String segment,
                   Timestamp start, Timestamp end, double durationSeconds, String[] path, boolean leftByEntrance)
            implements Row {
    }

    record ZoneMinuteRow(Timestamp bucket, String storeId, String zoneId, int floor, int entries, int unique,
                         double avgOccupancy, int peak) implements Row {
    }

    record FloorMinuteRow(Timestamp bucket, String storeId, int floor, int entries, int unique, double avgOccupancy,
                          int peak) implements Row {
    }

    record Occupancy(Timestamp time, String storeId, String zoneId, int occupancy) implements Row {
    }

    record RawRead(boolean late, Timestamp time, String storeId, String readerId, int antenna, String epc,
                   float rssi, int readCount) implements Row {
    }

    /**
     * A message the durable intake took, for the intake log; times in epoch micros, received in epoch millis;
     * {@code skipped}: the positions of the reads not taken, or null.
     */
    record LoggedMessage(String storeId, String readerId, long firstMicros, long lastMicros, long receivedMillis,
                         byte[] payload, long payloadHash, int[] skipped) implements Row {
    }

    /** Deterministic id from the natural key, so that replaying the same reads writes the same rows. */
    static UUID naturalId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
    }

    static Timestamp micros(long epochMicros) {
        Timestamp t = new Timestamp(Math.floorDiv(epochMicros, 1000L));
        t.setNanos((int) Math.floorMod(epochMicros, 1_000_000L) * 1000);
        return t;
    }
}
