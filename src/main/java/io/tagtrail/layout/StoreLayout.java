package io.tagtrail.layout;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of one store's layout: floors, zones with dense indices, zone adjacency, and the readers whose
 * antennas each cover one zone. Immutable; look-ups on the read path are array indexed.
 */
public final class StoreLayout {
    private final String storeId;
    private final String name;
    private final String timezone;
    private final int version;
    private final Instant effectiveFrom;
    private final List<Zone> zones;
    private final List<Reader> readers;
    private final Map<String, Integer> zoneIndexById;
    private final Map<String, Integer> readerIndexByIdOrHost;
    private final int[][] antennaZone;
    private final int[][] adjacency;
    private final int[] floors;
    private final String document;

    StoreLayout(String storeId, String name, String timezone, int version, Instant effectiveFrom,
                List<Zone> zones, List<Reader> readers, int[][] adjacency, String document) {
        this.document = document;
        this.storeId = storeId;
        this.name = name;
        this.timezone = timezone;
        this.version = version;
        this.effectiveFrom = effectiveFrom;
        this.zones = List.copyOf(zones);
        this.readers = List.copyOf(readers);
        this.adjacency = adjacency;
        Map<String, Integer> z = new HashMap<>();
        for (Zone zone : zones) {
            z.put(zone.id(), zone.index());
        }
        this.zoneIndexById = Collections.unmodifiableMap(z);
        Map<String, Integer> r = new HashMap<>();
        this.antennaZone = new int[readers.size()][];
        for (Reader reader : readers) {
            r.put(reader.id(), reader.index());
            if (reader.hostname() != null) {
                r.putIfAbsent(reader.hostname(), reader.index());
            }
            int maxPort = reader.antennaZones().keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            int[] ports = new int[maxPort + 1];
            Arrays.fill(ports, -1);
            reader.antennaZones().forEach((port, zone) -> ports[port] = zone);
            antennaZone[reader.index()] = ports;
        }
        this.readerIndexByIdOrHost = Collections.unmodifiableMap(r);
        this.floors = zones.stream().mapToInt(Zone::floor).distinct().sorted().toArray();
    }

    public String storeId() {
        return storeId;
    }

    /** The same layout for another store (a test or warm-up store laid out like this one). */
    public StoreLayout withStoreId(String otherStoreId) {
        return new StoreLayout(otherStoreId, name, timezone, version, effectiveFrom, zones, readers, adjacency,
                document);
    }

    /**
     * The layout as it was read (its JSON, for {@link LayoutLoader#parse}), kept with each version so that a restart
     * can go back to the version in force for the reads it replays; its {@code store_id} is that of the file read.
     */
    public String document() {
        return document;
    }

    public String name() {
        return name;
    }

    public String timezone() {
        return timezone;
    }

    public int version() {
        return version;
    }

    public Instant effectiveFrom() {
        return effectiveFrom;
    }

    public List<Zone> zones() {
        return zones;
    }

    public int zoneCount() {
        return zones.size();
    }

    public Zone zone(int index) {
        return zones.get(index);
    }

    public List<Reader> readers() {
        return readers;
    }

    public Reader reader(int index) {
        return readers.get(index);
    }

    /** Dense index of a zone id, or -1. */
    public int zoneIndex(String zoneId) {
        Integer i = zoneIndexById.get(zoneId);
        return i == null ? -1 : i;
    }

    /** Dense index of a reader by its id or its hostname, or -1. */
    public int readerIndex(String idOrHostname) {
        Integer i = readerIndexByIdOrHost.get(idOrHostname);
        return i == null ? -1 : i;
    }

    /** The zone an antenna covers, or -1 when the reader has no such antenna. */
    public int zoneOf(int readerIndex, int antennaPort) {
        if (readerIndex < 0 || readerIndex >= antennaZone.length) {
            return -1;
        }
        int[] ports = antennaZone[readerIndex];
        return antennaPort < 0 || antennaPort >= ports.length ? -1 : ports[antennaPort];
    }

    /** Zones adjacent to a zone (a shopper can walk from one to the other directly). */
    public int[] neighbours(int zoneIndex) {
        return adjacency[zoneIndex];
    }

    public boolean adjacent(int a, int b) {
        for (int n : adjacency[a]) {
            if (n == b) {
                return true;
            }
        }
        return false;
    }

    /** Floor numbers in ascending order. */
    public int[] floors() {
        return floors.clone();
    }
}
