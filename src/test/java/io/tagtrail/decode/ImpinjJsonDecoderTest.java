package io.tagtrail.decode;

import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImpinjJsonDecoderTest {
    static final String GOLDEN = "/golden/impinj.jsonl";

    /** What the decoder said, in order: a read (with the reader name) or a reject. */
    record Outcome(TagRead read, String readerName, RejectReason reason, String detail) {
        boolean isRead() {
            return read != null;
        }
    }

    static final class CapturingSink implements TagReadDecoder.Sink {
        final List<Outcome> outcomes = new ArrayList<>();

        @Override
        public void onRead(TagRead read, String readerName) {
            outcomes.add(new Outcome(read, readerName, null, null));
        }

        @Override
        public void onReject(RejectReason reason, String detail) {
            outcomes.add(new Outcome(null, null, reason, detail));
        }

        List<TagRead> reads() {
            return outcomes.stream().filter(Outcome::isRead).map(Outcome::read).toList();
        }

        List<RejectReason> rejects() {
            return outcomes.stream().filter(o -> !o.isRead()).map(Outcome::reason).toList();
        }
    }

    private final ImpinjJsonDecoder decoder = new ImpinjJsonDecoder();

    static byte[] golden() throws IOException {
        try (InputStream in = ImpinjJsonDecoderTest.class.getResourceAsStream(GOLDEN)) {
            assertNotNull(in, GOLDEN + " on the test class path");
            return in.readAllBytes();
        }
    }

    private CapturingSink decode(String payload) {
        CapturingSink sink = new CapturingSink();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        decoder.decode(bytes, 0, bytes.length, sink);
        return sink;
    }

    private static long micros(String instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(instant));
    }

    private static void assertRead(Outcome o, String readerName, long hi, long lo, int antenna, int rssiCdbm,
                                   String time) {
        assertTrue(o.isRead(), () -> "expected a read, got " + o);
        TagRead r = o.read();
        assertEquals(readerName, o.readerName(), "reader name");
        assertEquals(hi, r.epcHi, "epc hi");
        assertEquals(lo, r.epcLo, "epc lo");
        assertEquals(antenna, r.antenna, "antenna");
        assertEquals(rssiCdbm, r.rssiCdbm, "rssi");
        assertEquals(micros(time), r.timeMicros, "time");
        assertEquals(1, r.readCount, "read count");
        assertEquals(-1, r.readerIndex, "reader index is resolved later");
        assertEquals(-1, r.zoneIndex, "zone is resolved later");
    }

    private static void assertGolden(List<Outcome> o) {
        assertEquals(6, o.size(), () -> "outcomes " + o);
        // epcHex and base64 epc both present; nanosecond lastSeenTime truncated to micros
        assertRead(o.get(0), "impinj-f0-a", 0x2D40A3B1C2D30000L, 0x00004D2FL, 1, -5600,
                "2026-11-22T10:00:03.118234Z");
        // base64 epc only; microsecond lastSeenTime
        assertRead(o.get(1), "impinj-f0-b", 0x2D40A3B1C2D30000L, 0xFBEFBEEFL, 2, -6150,
                "2026-11-22T10:00:03.244987Z");
        // GID-96 basket
        assertRead(o.get(2), "impinj-f0-c", 0x35000A1B2C0000E1L, 0x00000007L, 4, -6625,
                "2026-11-22T10:00:03.499876Z");
        // antenna / inventory status event
        assertEquals(RejectReason.UNSUPPORTED_EVENT, o.get(3).reason());
        assertTrue(o.get(3).detail().contains("inventoryStatus"), o.get(3).detail());
        // SGTIN-96 merchandise, base64 with '/' in it
        assertRead(o.get(4), "impinj-f0-c", 0x3034257BF4000C40L, 0x00000123L, 3, -7020,
                "2026-11-22T10:00:04.309731Z");
        // no lastSeenTime: the event timestamp (nanoseconds) is the read time
        assertRead(o.get(5), "impinj-f1-a", 0x2D40A3B1C2D30000L, 0x00004D2FL, 2, -4875,
                "2026-11-22T10:00:05.777888Z");
    }

    @Test
    void decodesEveryFieldOfTheGoldenPayloadAsJsonLines() throws IOException {
        byte[] bytes = golden();
        CapturingSink sink = new CapturingSink();
        decoder.decode(bytes, 0, bytes.length, sink);
        assertGolden(sink.outcomes);
    }

    @Test
    void decodesTheGoldenPayloadOneEventPerMessage() throws IOException {
        String[] lines = new String(golden(), StandardCharsets.UTF_8).split("\n");
        assertEquals(6, lines.length);
        CapturingSink sink = new CapturingSink();
        for (String line : lines) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            decoder.decode(b, 0, b.length, sink);
        }
        assertGolden(sink.outcomes);
    }

    @Test
    void decodesTheGoldenEventsAsOneJsonArray() throws IOException {
        String[] lines = new String(golden(), StandardCharsets.UTF_8).split("\n");
        CapturingSink sink = decode("[" + String.join(",\n", lines) + "]");
        assertGolden(sink.outcomes);
    }

    @Test
    void decodesOnlyTheGivenSliceOfTheBuffer() throws IOException {
        String[] lines = new String(golden(), StandardCharsets.UTF_8).split("\n");
        byte[] prefix = "garbage{{".getBytes(StandardCharsets.UTF_8);
        byte[] event = lines[1].getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[prefix.length + event.length + 5];
        System.arraycopy(prefix, 0, buf, 0, prefix.length);
        System.arraycopy(event, 0, buf, prefix.length, event.length);
        System.arraycopy("}}}}}".getBytes(StandardCharsets.UTF_8), 0, buf, prefix.length + event.length, 5);
        CapturingSink sink = new CapturingSink();
        decoder.decode(buf, prefix.length, event.length, sink);
        assertEquals(1, sink.outcomes.size());
        assertRead(sink.outcomes.get(0), "impinj-f0-b", 0x2D40A3B1C2D30000L, 0xFBEFBEEFL, 2, -6150,
                "2026-11-22T10:00:03.244987Z");
    }

    @Test
    void namesItsFormatImpinj() {
        assertEquals("impinj", decoder.format());
    }

    private static String event(String body) {
        return "{\"timestamp\":\"2026-11-22T10:00:03.120Z\",\"hostname\":\"impinj-f0-a\",\"eventType\":\"tagInventory\","
                + "\"tagInventoryEvent\":{" + body + "}}";
    }

    private static final String EPC = "\"epcHex\":\"2D40A3B1C2D3000000004D2F\"";

    @Test
    void fallsBackToTheEventTimestampWhenLastSeenTimeIsMissing() {
        CapturingSink sink = decode(event(EPC + ",\"antennaPort\":3,\"peakRssiCdbm\":-6000"));
        assertRead(sink.outcomes.get(0), "impinj-f0-a", 0x2D40A3B1C2D30000L, 0x4D2FL, 3, -6000,
                "2026-11-22T10:00:03.120Z");
    }

    @Test
    void prefersLastSeenTimeOverTheEventTimestampWhateverTheFieldOrder() {
        CapturingSink sink = decode("{\"eventType\":\"tagInventory\",\"tagInventoryEvent\":{" + EPC
                + ",\"antennaPort\":1,\"peakRssiCdbm\":-6000,\"lastSeenTime\":\"2026-11-22T10:00:01.5+01:00\"},"
                + "\"timestamp\":\"2026-11-22T10:00:03.120Z\"}");
        assertEquals(1, sink.reads().size());
        assertEquals(micros("2026-11-22T09:00:01.5Z"), sink.reads().get(0).timeMicros);
        assertNull(sink.outcomes.get(0).readerName(), "no hostname in the event");
    }

    @Test
    void acceptsUrlSafeBase64Epc() {
        // 3034257BF4000C4000000123 is MDQle/QADEAAAAEj in the standard alphabet
        CapturingSink sink = decode(event("\"epc\":\"MDQle_QADEAAAAEj\",\"antennaPort\":1,\"peakRssiCdbm\":-6000"));
        assertEquals(1, sink.reads().size(), () -> "outcomes " + sink.outcomes);
        assertEquals(0x3034257BF4000C40L, sink.reads().get(0).epcHi);
        assertEquals(0x123L, sink.reads().get(0).epcLo);
    }

    @Test
    void takesTheEpcFromEpcHexWhenBothAreGiven() {
        CapturingSink sink = decode(event("\"epc\":\"MDQle/QADEAAAAEj\"," + EPC
                + ",\"antennaPort\":1,\"peakRssiCdbm\":-6000"));
        assertEquals(0x2D40A3B1C2D30000L, sink.reads().get(0).epcHi);
    }

    @Test
    void fieldOrderDoesNotChangeWhetherAnEventWithABadEpcHexIsAccepted() {
        String badHex = "\"epcHex\":\"2D40A3B1C2D3000000004D2\"";
        String goodBase64 = "\"epc\":\"LUCjscLTAAAAAE0v\"";
        String rest = ",\"antennaPort\":1,\"peakRssiCdbm\":-6000";
        CapturingSink hexFirst = decode(event(badHex + "," + goodBase64 + rest));
        CapturingSink base64First = decode(event(goodBase64 + "," + badHex + rest));
        assertEquals(hexFirst.rejects(), base64First.rejects());
        assertEquals(hexFirst.reads().size(), base64First.reads().size());
    }

    @Test
    void emitsEventsOfAnArrayInOrder() {
        CapturingSink sink = decode("[" + event(EPC + ",\"antennaPort\":1,\"peakRssiCdbm\":-6000") + ","
                + event(EPC + ",\"antennaPort\":2,\"peakRssiCdbm\":-6100") + "]");
        assertEquals(List.of(1, 2), sink.reads().stream().map(r -> r.antenna).toList());
        assertEquals(List.of(), sink.rejects());
    }

    @Test
    void emptyArrayYieldsNothing() {
        CapturingSink sink = decode(" [ ] ");
        assertEquals(List.of(), sink.outcomes);
    }

    @Test
    void rejectsEachBadEventWithItsReasonAndKeepsTheGoodOnes() {
        String[] events = {
            event(EPC + ",\"antennaPort\":1,\"peakRssiCdbm\":-6000"),
            event("\"antennaPort\":1,\"peakRssiCdbm\":-6000"),
            event("\"epcHex\":\"2D40A3B1C2D3000000004D2\",\"antennaPort\":1,\"peakRssiCdbm\":-6000"),
            event("\"epcHex\":\"2D40A3B1C2D3000000004D2G\",\"antennaPort\":1,\"peakRssiCdbm\":-6000"),
            event("\"epc\":\"not base64!\",\"antennaPort\":1,\"peakRssiCdbm\":-6000"),
            event("\"epc\":\"LUCjscLTAAAA\",\"antennaPort\":1,\"peakRssiCdbm\":-6000"),
            event(EPC + ",\"peakRssiCdbm\":-6000"),
            event(EPC + ",\"antennaPort\":0,\"peakRssiCdbm\":-6000"),
            event(EPC + ",\"antennaPort\":65,\"peakRssiCdbm\":-6000"),
            event(EPC + ",\"antennaPort\":\"1\",\"peakRssiCdbm\":-6000"),
            event(EPC + ",\"antennaPort\":1"),
            event(EPC + ",\"antennaPort\":1,\"peakRssiCdbm\":-15001"),
            event(EPC + ",\"antennaPort\":1,\"peakRssiCdbm\":-56.5"),
            "{\"eventType\":\"tagInventory\",\"tagInventoryEvent\":{" + EPC
                    + ",\"antennaPort\":1,\"peakRssiCdbm\":-6000,\"lastSeenTime\":\"2026-11-22T10:00:03.120Z\"}}",
            "{\"timestamp\":\"yesterday\",\"eventType\":\"tagInventory\",\"tagInventoryEvent\":{" + EPC
                    + ",\"antennaPort\":1,\"peakRssiCdbm\":-6000,\"lastSeenTime\":17}}",
            "{\"timestamp\":\"2026-11-22T10:00:03.120Z\",\"hostname\":\"impinj-f0-a\"}",
            "{\"timestamp\":\"2026-11-22T10:00:03.120Z\",\"eventType\":\"antennaConnectivity\","
                    + "\"antennaConnectivityEvent\":{\"antennaPort\":2,\"connectivity\":\"disconnected\"}}",
            event(EPC + ",\"antennaPort\":64,\"peakRssiCdbm\":3000"),
        };
        CapturingSink sink = decode(String.join("\n", events));
        assertEquals(List.of(
                RejectReason.MISSING_FIELD,
                RejectReason.BAD_EPC,
                RejectReason.BAD_EPC,
                RejectReason.BAD_EPC,
                RejectReason.BAD_EPC,
                RejectReason.MISSING_FIELD,
                RejectReason.BAD_ANTENNA,
                RejectReason.BAD_ANTENNA,
                RejectReason.BAD_ANTENNA,
                RejectReason.MISSING_FIELD,
                RejectReason.BAD_RSSI,
                RejectReason.BAD_RSSI,
                RejectReason.BAD_TIMESTAMP,
                RejectReason.MISSING_FIELD,
                RejectReason.UNSUPPORTED_EVENT), sink.rejects());
        assertEquals(3, sink.reads().size());
        assertEquals(List.of(1, 1, 64), sink.reads().stream().map(r -> r.antenna).toList());
        assertEquals(3000, sink.reads().get(2).rssiCdbm);
        assertTrue(sink.outcomes.get(0).isRead());
        assertTrue(sink.outcomes.get(13).isRead(), "an event without hostname and timestamp but with lastSeenTime");
        assertEquals(micros("2026-11-22T10:00:03.120Z"), sink.reads().get(1).timeMicros);
    }

    @Test
    void rejectsATagInventoryEventWithoutItsBodyAsMissingField() {
        CapturingSink sink = decode("{\"timestamp\":\"2026-11-22T10:00:03.120Z\",\"hostname\":\"impinj-f0-a\","
                + "\"eventType\":\"tagInventory\"}");
        assertEquals(List.of(RejectReason.MISSING_FIELD), sink.rejects());
    }

    @Test
    void rejectsMalformedPayloadsWithoutThrowing() {
        assertEquals(List.of(RejectReason.MALFORMED_JSON), decode("").rejects());
        assertEquals(List.of(RejectReason.MALFORMED_JSON), decode("   \n ").rejects());
        assertEquals(List.of(RejectReason.MALFORMED_JSON), decode("not json").rejects());
        assertEquals(List.of(RejectReason.MALFORMED_JSON), decode("42").rejects());
        assertEquals(List.of(RejectReason.MALFORMED_JSON), decode("[1,2]").rejects());
        assertEquals(List.of(RejectReason.MALFORMED_JSON), decode("{\"eventType\":").rejects());
        CapturingSink partial = decode(event(EPC + ",\"antennaPort\":1,\"peakRssiCdbm\":-6000") + "\n{\"eventTy");
        assertEquals(1, partial.reads().size(), "the complete event before the broken one is kept");
        assertEquals(List.of(RejectReason.MALFORMED_JSON), partial.rejects());
    }

    @Test
    void neverThrowsOnAnyPrefixOrCorruptionOfTheGoldenPayload() throws IOException {
        byte[] bytes = golden();
        for (int len = 0; len <= bytes.length; len++) {
            CapturingSink sink = new CapturingSink();
            int n = len;
            assertDoesNotThrow(() -> decoder.decode(bytes, 0, n, sink), "prefix " + len);
            assertTrue(!sink.outcomes.isEmpty() || isBlank(bytes, n), "prefix " + len + " gave no outcome");
        }
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            byte[] copy = bytes.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            }
            CapturingSink sink = new CapturingSink();
            assertDoesNotThrow(() -> decoder.decode(copy, 0, copy.length, sink));
            assertTrue(!sink.outcomes.isEmpty());
        }
    }

    private static boolean isBlank(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (!Character.isWhitespace(b[i])) {
                return false;
            }
        }
        return true;
    }
}
