package io.tagtrail.sim;

import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.layout.Zone;
import io.tagtrail.layout.ZoneKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled store layouts load in the service's format, cover and connect every zone, and are the stores asked for. */
class StoreLayoutsTest {
    @Test
    void everyLayoutLoadsAndEveryZoneIsCoveredAndReachableFromEveryEntrance() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("simulator/layouts"))) {
            List<Path> layouts = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertEquals(3, layouts.size(), "sample store, department store, supermarket: " + layouts);
            for (Path f : layouts) {
                StoreLayout layout = LayoutLoader.load(f);
                int[][] distance = ShopperPlanner.distances(layout);
                boolean[] covered = new boolean[layout.zoneCount()];
                layout.readers().forEach(r -> r.antennaZones().values().forEach(z -> covered[z] = true));
                for (Zone z : layout.zones()) {
                    assertTrue(covered[z.index()], f + ": " + z.id() + " has no antenna");
                    for (Zone e : layout.zones()) {
                        if (e.kind() == ZoneKind.ENTRANCE) {
                            assertTrue(distance[e.index()][z.index()] > 0 || e == z, f + ": " + z.id()
                                    + " cannot be reached from " + e.id());
                        }
                    }
                }
            }
        }
    }

    @Test
    void theDepartmentStoreHasThreeFloorsJoinedByEscalatorsTwelveCountersAndFittingRooms() {
        StoreLayout s = SimFixtures.DEPARTMENT_STORE;
        assertEquals(3, s.floors().length);
        assertTrue(count(s, ZoneKind.COUNTER) >= 12, "counters: " + count(s, ZoneKind.COUNTER));
        assertTrue(count(s, ZoneKind.FITTING_ROOM) >= 2);
        for (int floor = 0; floor < 2; floor++) {
            boolean joined = false;
            for (Zone a : s.zones()) {
                for (int b : s.neighbours(a.index())) {
                    joined |= a.kind() == ZoneKind.ESCALATOR && a.floor() == floor && s.zone(b).floor() == floor + 1
                            && s.zone(b).kind() == ZoneKind.ESCALATOR;
                }
            }
            assertTrue(joined, "an escalator joins floor " + floor + " and " + (floor + 1));
        }
        for (Zone a : s.zones()) {
            for (int b : s.neighbours(a.index())) {
                assertTrue(a.floor() == s.zone(b).floor() || a.kind() == ZoneKind.ESCALATOR,
                        "floors are joined only by escalators: " + a.id() + " - " + s.zone(b).id());
            }
        }
    }

    @Test
    void theSupermarketHasAislesCheckoutsAndFreshCounters() {
        StoreLayout s = SimFixtures.SUPERMARKET;
        assertTrue(count(s, ZoneKind.AISLE) >= 10, "aisles");
        assertTrue(count(s, ZoneKind.CHECKOUT) >= 6, "checkouts");
        assertTrue(count(s, ZoneKind.COUNTER) >= 4, "counters");
    }

    private static long count(StoreLayout s, ZoneKind kind) {
        return s.zones().stream().filter(z -> z.kind() == kind).count();
    }
}
