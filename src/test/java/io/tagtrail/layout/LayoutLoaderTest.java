package io.tagtrail.layout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutLoaderTest {
    static final Path SAMPLE = Path.of("simulator/layouts/sample-store.json");

    private static StoreLayout parse(String json) throws IOException {
        return LayoutLoader.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    @Test
    void loadsTheSampleStore() {
        StoreLayout s = LayoutLoader.load(SAMPLE);
        assertEquals("s1", s.storeId());
        assertEquals("TagTrail Sample Department Store", s.name());
        assertEquals("Europe/Berlin", s.timezone());
        assertEquals(1, s.version());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), s.effectiveFrom());
        assertEquals(17, s.zoneCount());
        assertEquals(17, s.zones().size());
        assertArrayEquals(new int[] {0, 1}, s.floors());
        assertEquals(6, s.zones().stream().filter(z -> z.kind() == ZoneKind.COUNTER).count());
        assertEquals(2, s.zones().stream().filter(z -> z.kind() == ZoneKind.ENTRANCE).count());
        assertEquals(10, s.zones().stream().filter(z -> z.floor() == 0).count());
        assertEquals(7, s.zones().stream().filter(z -> z.floor() == 1).count());
        assertEquals(5, s.readers().size());
    }

    @Test
    void givesZonesDenseIndicesInFileOrder() {
        StoreLayout s = LayoutLoader.load(SAMPLE);
        for (int i = 0; i < s.zoneCount(); i++) {
            Zone z = s.zone(i);
            assertEquals(i, z.index());
            assertEquals(i, s.zoneIndex(z.id()));
        }
        assertEquals(0, s.zoneIndex("z-entrance-n"));
        assertEquals(16, s.zoneIndex("z-f1-checkout"));
        assertEquals(-1, s.zoneIndex("z-nowhere"));
        Zone fragrance = s.zone(s.zoneIndex("c-fragrance"));
        assertEquals("Fragrance counter", fragrance.name());
        assertEquals(ZoneKind.COUNTER, fragrance.kind());
        assertEquals(0, fragrance.floor());
        assertEquals(0.0, fragrance.x());
        assertEquals(20.0, fragrance.y());
        assertEquals(10.0, fragrance.width());
        assertEquals(8.0, fragrance.height());
        assertEquals(ZoneKind.FITTING_ROOM, s.zone(s.zoneIndex("z-f1-fitting")).kind());
        assertEquals(ZoneKind.ESCALATOR, s.zone(s.zoneIndex("z-f1-escalator")).kind());
    }

    @Test
    void findsReadersByIdOrHostnameAndMapsAntennasToZones() {
        StoreLayout s = LayoutLoader.load(SAMPLE);
        int f0a = s.readerIndex("r-f0-a");
        assertEquals(0, f0a);
        assertEquals(f0a, s.readerIndex("impinj-f0-a"));
        assertEquals(3, s.readerIndex("impinj-f1-a"));
        assertEquals(-1, s.readerIndex("impinj-f9-z"));
        assertEquals("impinj-f1-b", s.reader(4).hostname());

        assertEquals(s.zoneIndex("z-entrance-n"), s.zoneOf(f0a, 1));
        assertEquals(s.zoneIndex("z-entrance-s"), s.zoneOf(f0a, 2));
        assertEquals(s.zoneIndex("z-f0-hall"), s.zoneOf(f0a, 3));
        assertEquals(s.zoneIndex("z-f0-hall"), s.zoneOf(f0a, 4), "two antennas may cover one zone");
        assertEquals(s.zoneIndex("c-shoes"), s.zoneOf(s.readerIndex("r-f1-b"), 2));
        assertEquals(-1, s.zoneOf(f0a, 5), "no port 5");
        assertEquals(-1, s.zoneOf(f0a, 0));
        assertEquals(-1, s.zoneOf(f0a, -1));
        assertEquals(-1, s.zoneOf(s.readerIndex("r-f0-b"), 4), "r-f0-b has three antennas");
        assertEquals(-1, s.zoneOf(5, 1), "no reader 5");
        assertEquals(-1, s.zoneOf(-1, 1));
    }

    @Test
    void makesAdjacencySymmetric() {
        StoreLayout s = LayoutLoader.load(SAMPLE);
        int hall = s.zoneIndex("z-f0-hall");
        int skincare = s.zoneIndex("c-skincare");
        int[] expectedHall = Arrays.stream(new String[] {"z-entrance-n", "z-entrance-s", "z-f0-beauty", "c-watches",
                "c-jewellery", "z-f0-checkout", "z-f0-escalator"}).mapToInt(s::zoneIndex).sorted().toArray();
        assertArrayEquals(expectedHall, s.neighbours(hall));
        // c-skincare lists no neighbours itself, but beauty and fragrance list it
        assertArrayEquals(new int[] {s.zoneIndex("z-f0-beauty"), s.zoneIndex("c-fragrance")}, s.neighbours(skincare));
        assertTrue(s.adjacent(s.zoneIndex("z-f0-escalator"), s.zoneIndex("z-f1-escalator")));
        assertTrue(s.adjacent(s.zoneIndex("z-f1-escalator"), s.zoneIndex("z-f0-escalator")));
        assertFalse(s.adjacent(s.zoneIndex("z-entrance-n"), s.zoneIndex("z-entrance-s")));
        for (int a = 0; a < s.zoneCount(); a++) {
            assertFalse(s.adjacent(a, a), "a zone is not its own neighbour");
            for (int b : s.neighbours(a)) {
                assertTrue(s.adjacent(b, a), s.zone(a).id() + " <-> " + s.zone(b).id());
            }
        }
    }

    @Test
    void loadsTheSampleStoreFromTheClassPath() {
        StoreLayout s = LayoutLoader.loadResource("simulator/layouts/sample-store.json");
        assertEquals("s1", s.storeId());
        assertEquals(17, s.zoneCount());
        assertThrows(LayoutException.class, () -> LayoutLoader.loadResource("simulator/layouts/none.json"));
    }

    @Test
    void floorsAreACopy() {
        StoreLayout s = LayoutLoader.load(SAMPLE);
        s.floors()[0] = 99;
        assertArrayEquals(new int[] {0, 1}, s.floors());
    }

    private static final String BROKEN = """
            {
              "store_id": "s9",
              "zones": [
                {"id": "z-a", "floor": 0, "kind": "entrance", "adjacent": ["z-b", "z-ghost"]},
                {"id": "z-b", "floor": 0, "kind": "department", "adjacent": []},
                {"id": "z-b", "floor": 0, "kind": "aisle"},
                {"id": "z-c", "floor": 1, "kind": "shop"},
                {"id": "z-lonely", "floor": 1, "kind": "counter"}
              ],
              "readers": [
                {"id": "r1", "hostname": "impinj-r1", "antennas": [
                  {"port": 1, "zone": "z-a"}, {"port": 2, "zone": "z-b"}, {"port": 3, "zone": "z-c"}
                ]}
              ]
            }
            """;

    @Test
    void namesEveryProblemOfABrokenLayoutAtOnce() {
        LayoutException e = assertThrows(LayoutException.class, () -> parse(BROKEN));
        String m = e.getMessage();
        assertTrue(m.startsWith("test.json: "), m);
        assertTrue(m.contains("z-ghost"), "unknown zone in adjacency: " + m);
        assertTrue(m.contains("adjacent zone z-ghost is not defined"), m);
        assertTrue(m.contains("zone z-b is defined twice"), "duplicate zone: " + m);
        assertTrue(m.contains("kind 'shop'"), "bad kind: " + m);
        assertTrue(m.contains("zone z-c: kind"), "bad kind names its zone: " + m);
        assertTrue(m.contains("zone z-lonely is covered by no antenna"), "uncovered zone: " + m);
        assertEquals(4, m.split("; ").length, "exactly the four problems: " + m);
    }

    @Test
    void reportsTheFileNameWhenLoadingABrokenFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, BROKEN);
        LayoutException e = assertThrows(LayoutException.class, () -> LayoutLoader.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("z-lonely"));
    }

    @Test
    void reportsReaderProblems() {
        String json = """
                {"store_id": "s9",
                 "zones": [{"id": "z-a", "floor": 0, "kind": "entrance"}],
                 "readers": [
                   {"id": "r1", "antennas": [{"port": 1, "zone": "z-a"}, {"port": 1, "zone": "z-a"},
                                             {"port": 70, "zone": "z-a"}, {"port": 2, "zone": "z-x"}]},
                   {"id": "r1", "antennas": []}
                 ]}
                """;
        LayoutException e = assertThrows(LayoutException.class, () -> parse(json));
        String m = e.getMessage();
        assertTrue(m.contains("port 1 is mapped twice"), m);
        assertTrue(m.contains("antenna port must be 1..64, got 70"), m);
        assertTrue(m.contains("zone z-x is not defined"), m);
        assertTrue(m.contains("reader r1: id or hostname used twice"), m);
    }

    @Test
    void reportsMissingStoreIdZonesAndReaders() {
        LayoutException e = assertThrows(LayoutException.class, () -> parse("{}"));
        String m = e.getMessage();
        assertTrue(m.contains("store_id is missing or empty"), m);
        assertTrue(m.contains("zones must be a non-empty array"), m);
        assertTrue(m.contains("readers must be a non-empty array"), m);
    }

    @Test
    void reportsANonIntegerFloorAndABadEffectiveFrom() {
        String json = """
                {"store_id": "s9", "effective_from": "last tuesday",
                 "zones": [{"id": "z-a", "floor": "ground", "kind": "entrance"}],
                 "readers": [{"id": "r1", "antennas": [{"port": 1, "zone": "z-a"}]}]}
                """;
        String m = assertThrows(LayoutException.class, () -> parse(json)).getMessage();
        assertTrue(m.contains("zone z-a: floor must be an integer"), m);
        assertTrue(m.contains("effective_from is not an ISO-8601 instant: last tuesday"), m);
    }

    @Test
    void rejectsInvalidJson() {
        LayoutException e = assertThrows(LayoutException.class, () -> parse("{\"store_id\": "));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void fillsDefaultsForOptionalFields() throws IOException {
        StoreLayout s = parse("""
                {"store_id": "s9",
                 "zones": [{"id": "z-a", "floor": 0, "kind": "entrance"}],
                 "readers": [{"id": "r1", "antennas": [{"port": 1, "zone": "z-a"}]}]}
                """);
        assertEquals("s9", s.name());
        assertEquals("UTC", s.timezone());
        assertEquals(1, s.version());
        assertEquals(Instant.EPOCH, s.effectiveFrom());
        assertEquals("z-a", s.zone(0).name());
        assertNull(s.reader(0).hostname());
        assertEquals(0, s.readerIndex("r1"));
        assertEquals(0, s.neighbours(0).length);
    }

    @Test
    void loadsADirectoryOfLayoutsByStore(@TempDir Path dir) throws IOException {
        Files.copy(SAMPLE, dir.resolve("sample.json"));
        Files.writeString(dir.resolve("other.json"), """
                {"store_id": "s2",
                 "zones": [{"id": "z-a", "floor": 0, "kind": "entrance"}],
                 "readers": [{"id": "r1", "antennas": [{"port": 1, "zone": "z-a"}]}]}
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a layout");
        Map<String, StoreLayout> byStore = LayoutLoader.loadDirectory(dir);
        assertEquals(List.of("s1", "s2"), List.copyOf(byStore.keySet()));
        assertEquals(17, byStore.get("s1").zoneCount());
    }

    @Test
    void refusesTwoLayoutFilesForOneStoreAndAnEmptyDirectory(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertTrue(assertThrows(LayoutException.class, () -> LayoutLoader.loadDirectory(empty))
                .getMessage().contains("no *.json layout"));
        assertThrows(LayoutException.class, () -> LayoutLoader.loadDirectory(dir.resolve("missing")));
        Path twice = Files.createDirectory(dir.resolve("twice"));
        Files.copy(SAMPLE, twice.resolve("a.json"));
        Files.copy(SAMPLE, twice.resolve("b.json"));
        assertTrue(assertThrows(LayoutException.class, () -> LayoutLoader.loadDirectory(twice))
                .getMessage().contains("store s1 has two layout files"));
    }

    @Test
    void parsesZoneKindLabels() {
        for (ZoneKind k : ZoneKind.values()) {
            assertEquals(k, ZoneKind.parse(k.label()));
        }
        assertEquals("fitting_room", ZoneKind.FITTING_ROOM.label());
        assertNull(ZoneKind.parse("Counter"));
        assertNull(ZoneKind.parse(""));
    }
}
