package io.tagtrail.layout;

import java.util.Map;

/** A fixed reader: its id (used in topics), its hostname (used in payloads) and antenna port to zone index. */
public record Reader(int index, String id, String hostname, Map<Integer, Integer> antennaZones) {
}
