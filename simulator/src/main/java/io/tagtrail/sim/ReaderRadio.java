package io.tagtrail.sim;

import io.tagtrail.layout.Reader;
import io.tagtrail.layout.StoreLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One reader as a run sees it: its antennas (port, zone and radio, in port order), its cycle, its clock offset and
 * its outages, all resolved from the scenario and drawn from the seed before the run starts.
 */
final class ReaderRadio {
    final int index;
    final String id;
    final String hostname;
    final int cycleMillis;
    final long clockOffsetMicros;
    final int[] ports;
    final int[] zones;
    final AntennaRf[] antennas;
    /** Outage intervals {@code [start, end)} in epoch ms, ordered. */
    final long[] outageStart;
    final long[] outageEnd;
    private int outageCursor;

    private ReaderRadio(Reader reader, StoreLayout layout, RfModel rf, SplittableRandom rnd, long startMillis,
                        long endMillis) {
        this.index = reader.index();
        this.id = reader.id();
        this.hostname = reader.hostname() != null ? reader.hostname() : reader.id();
        ReaderRf timing = rf.reader(reader.id());
        this.cycleMillis = timing.cycleMillis();
        double offsetMillis = timing.clockOffsetMillis() != null ? timing.clockOffsetMillis()
                : rf.clockOffsetSigmaMillis() * Gaussian.next(rnd);
        this.clockOffsetMicros = Math.round(offsetMillis * 1000);
        this.ports = reader.antennaZones().keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.zones = new int[ports.length];
        this.antennas = new AntennaRf[ports.length];
        for (int a = 0; a < ports.length; a++) {
            zones[a] = layout.zoneOf(reader.index(), ports[a]);
            antennas[a] = rf.antenna(reader.id(), ports[a]);
        }
        List<long[]> outages = new ArrayList<>();
        double rate = rf.outagesPerReaderPerHour();
        if (rate > 0) {
            double meanGapMillis = 3_600_000.0 / rate;
            long t = startMillis;
            while (true) {
                t += (long) (-Math.log(1 - rnd.nextDouble()) * meanGapMillis);
                if (t >= endMillis) {
                    break;
                }
                long end = t + rf.outageDuration().sample(rnd);
                outages.add(new long[]{t, end});
                t = end;
            }
        }
        outageStart = outages.stream().mapToLong(o -> o[0]).toArray();
        outageEnd = outages.stream().mapToLong(o -> o[1]).toArray();
    }

    /** Every reader of the layout, in reader order; each draws from its own stream split off {@code rnd}. */
    static ReaderRadio[] of(StoreLayout layout, RfModel rf, SplittableRandom rnd, long startMillis, long endMillis) {
        for (String readerId : rf.readers().keySet()) {
            if (layout.readerIndex(readerId) < 0) {
                throw new IllegalArgumentException("the scenario sets reader " + readerId + ", which store "
                        + layout.storeId() + " does not have");
            }
        }
        for (String key : rf.antennas().keySet()) {
            String readerId = key.substring(0, key.lastIndexOf(':'));
            int port = Integer.parseInt(key.substring(key.lastIndexOf(':') + 1));
            int r = layout.readerIndex(readerId);
            if (r < 0 || layout.zoneOf(r, port) < 0) {
                throw new IllegalArgumentException("the scenario sets antenna " + key + ", which store "
                        + layout.storeId() + " does not have");
            }
        }
        ReaderRadio[] radios = new ReaderRadio[layout.readers().size()];
        for (Reader r : layout.readers()) {
            radios[r.index()] = new ReaderRadio(r, layout, rf, rnd.split(), startMillis, endMillis);
        }
        return radios;
    }

    /** Whether the reader is out at {@code millis}; asked with non-decreasing times. */
    boolean down(long millis) {
        while (outageCursor < outageStart.length && outageEnd[outageCursor] <= millis) {
            outageCursor++;
        }
        return outageCursor < outageStart.length && outageStart[outageCursor] <= millis;
    }
}
