package io.tagtrail.decode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;
import io.tagtrail.sim.ImpinjPayloadEncoder;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the three JSON decoders share: framing, cuts, escapes, whitespace, hostile values, and no garbage. */
class JsonPayloadsTest {
    /** One outcome as comparable text: a read with every field and the reader name, or a reject reason. */
    static final class Outcomes implements TagReadDecoder.Sink {
        final List<String> list = new ArrayList<>();
        final List<String> names = new ArrayList<>();

        @Override
        public void onRead(TagRead r, String readerName) {
            list.add("read " + r.timeMicros + " " + Long.toHexString(r.epcHi) + " " + Long.toHexString(r.epcLo)
                    + " ant " + r.antenna + " rssi " + r.rssiCdbm + " x" + r.readCount + " " + readerName);
            names.add(readerName);
        }

        @Override
        public void onReject(RejectReason reason, String detail) {
            list.add(reason.name());
        }
    }

    static Outcomes decode(TagReadDecoder decoder, byte[] payload) {
        Outcomes o = new Outcomes();
        decoder.decode(payload, 0, payload.length, o);
        return o;
    }

    static Outcomes decode(TagReadDecoder decoder, String payload) {
        return decode(decoder, payload.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] golden(String name) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/golden/" + name));
    }

    record Format(TagReadDecoder decoder, String golden) {
    }

    static final List<Format> FORMATS = List.of(new Format(new ImpinjJsonDecoder(), "impinj.jsonl"),
            new Format(new ZebraJsonDecoder(), "zebra.json"), new Format(new LlrpJsonDecoder(), "llrp.json"));

    @Test
    void aCutAtAnyOffsetOfAGoldenPayloadKeepsWhatCameBeforeAndRejectsTheRestOnce() throws Exception {
        for (Format f : FORMATS) {
            byte[] bytes = golden(f.golden());
            List<String> whole = decode(f.decoder(), bytes).list;
            for (int len = 0; len <= bytes.length; len++) {
                byte[] cut = Arrays.copyOf(bytes, len);
                Outcomes o = assertDoesNotThrow(() -> decode(f.decoder(), cut), f.golden() + " cut at " + len);
                List<String> got = o.list;
                assertTrue(!got.isEmpty(), f.golden() + " cut at " + len + " left no trace");
                boolean malformed = got.get(got.size() - 1).equals("MALFORMED_JSON");
                List<String> kept = malformed ? got.subList(0, got.size() - 1) : got;
                assertTrue(kept.size() <= whole.size(), f.golden() + " cut at " + len);
                assertEquals(whole.subList(0, kept.size()), kept,
                        f.golden() + " cut at " + len + ": what came before the cut must not change");
                if (!malformed) {
                    byte lastByte = lastNonBlank(cut);
                    assertTrue(lastByte == '}' || lastByte == ']',
                            f.golden() + " cut at " + len + " inside a value was not rejected: " + got);
                }
            }
        }
    }

    private static byte lastNonBlank(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (!Character.isWhitespace(b[i])) {
                return b[i];
            }
        }
        return 0;
    }

    @Test
    void everyGoldenPayloadDecodesTheSamePrettyPrinted() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        for (Format f : FORMATS) {
            byte[] bytes = golden(f.golden());
            List<String> compact = decode(f.decoder(), bytes).list;
            StringBuilder pretty = new StringBuilder();
            try (var parser = json.getFactory().createParser(bytes)) {
                var values = json.readValues(parser, Object.class);
                while (values.hasNext()) {
                    pretty.append(json.writeValueAsString(values.next()).replace("\n", "\r\n\t")).append("\n \n");
                }
            }
            assertEquals(compact, decode(f.decoder(), pretty.toString()).list, f.golden());
        }
    }

    @Test
    void escapesInNamesAndValuesDecodeLikeThePlainText() {
        String plain = "{\"timestamp\":\"2026-11-22T10:00:03.120Z\",\"hostname\":\"impinj-f0-a\","
                + "\"eventType\":\"tagInventory\",\"tagInventoryEvent\":{\"epcHex\":\"2D40A3B1C2D3000000004D2F\","
                + "\"antennaPort\":1,\"peakRssiCdbm\":-5600,\"lastSeenTime\":\"2026-11-22T10:00:04.5+01:00\"}}";
        String escaped = "{\"time\\u0073tamp\":\"2026-11-22T10:00:03.120\\u005A\",\"hostname\":\"impinj\\u002df0-a\","
                + "\"eventType\":\"tag\\u0049nventory\",\"tagInventory\\u0045vent\":{\"epcHex\":"
                + "\"2D40A3B1C2D3000000004D2\\u0046\",\"\\u0061ntennaPort\":1,\"peakRssiCdbm\":-5600,"
                + "\"lastSeenTime\":\"2026-11-22T10:00:04.5\\u002b01:00\"}}";
        ImpinjJsonDecoder decoder = new ImpinjJsonDecoder();
        List<String> expected = decode(decoder, plain).list;
        assertEquals(1, expected.size());
        assertTrue(expected.get(0).startsWith("read "), expected.get(0));
        assertEquals(expected, decode(decoder, escaped).list);
        String noLastSeen = escaped.replace(",\"lastSeenTime\":\"2026-11-22T10:00:04.5\\u002b01:00\"", "");
        assertEquals(decode(decoder, plain.replace(",\"lastSeenTime\":\"2026-11-22T10:00:04.5+01:00\"", "")).list,
                decode(decoder, noLastSeen).list, "the escaped event timestamp is the read time");
        String zebra = "{\"timestamp\":\"2026-11-22T10:00:03.120+0000\",\"d\\u0061ta\":{\"idHex\":"
                + "\"2d14000000000100000000\\u0030\\u0031\",\"antenna\":1,\"peakRssi\":-55.5,\"hostname\":\"fx\\/9600\"}}";
        assertEquals(List.of("read 1795341603120000 2d14000000000100 1 ant 1 rssi -5550 x1 fx/9600"),
                decode(new ZebraJsonDecoder(), zebra).list);
        String llrp = "{\"TagReportData\":[{\"EPC96\":{\"EPC\":\"LRQAAAAAAQAAAAA\\u0042\"},\"AntennaID\":1,"
                + "\"PeakRSSI\":-56,\"LastSeenUTC\":1795346403120456,\"Custom\":[{\"VendorID\":25882,\"Subtype\":57,"
                + "\"Data\":\"6dQ\\u003d\"}]}]}";
        assertEquals(List.of("read 1795346403120456 2d14000000000100 1 ant 1 rssi -5676 x1 null"),
                decode(new LlrpJsonDecoder(), llrp).list);
    }

    @Test
    void handsOnTheSameReaderNameInstanceForEveryRead() throws Exception {
        ImpinjJsonDecoder decoder = new ImpinjJsonDecoder();
        byte[] bytes = golden("impinj.jsonl");
        Outcomes first = decode(decoder, bytes);
        Outcomes second = decode(decoder, bytes);
        assertEquals(first.names, second.names);
        for (int i = 0; i < first.names.size(); i++) {
            assertSame(first.names.get(i), second.names.get(i), "read " + i);
        }
        assertEquals("impinj-f0-c", first.names.get(2));
        assertSame(first.names.get(2), first.names.get(3), "two events of one reader in one payload");
        String zebra = "{\"timestamp\":\"2026-11-22T10:00:03.120+0000\",\"data\":{\"idHex\":"
                + "\"2d1400000000010000000001\",\"antenna\":1,\"peakRssi\":-55,\"hostname\":\"fx9600-a\"}}";
        ZebraJsonDecoder z = new ZebraJsonDecoder();
        assertSame(decode(z, zebra).names.get(0), decode(z, zebra + zebra).names.get(1));
    }

    @Test
    void anObjectOrArrayWhereAScalarBelongsIsAnInvalidValueAndTheRestStillDecodes() {
        String body = "\"epcHex\":\"2D40A3B1C2D3000000004D2F\",\"antennaPort\":%s,\"peakRssiCdbm\":-5600";
        String event = "{\"timestamp\":\"2026-11-22T10:00:03.120Z\",\"hostname\":%s,\"eventType\":\"tagInventory\","
                + "\"tagInventoryEvent\":{" + body + "}}";
        String payload = String.format(event, "{\"a\":\"b\"}", "{\"port\":[1,2]}") + "\n"
                + String.format(event, "[\"impinj-f0-a\"]", "1") + "\n"
                + String.format(event, "\"impinj-f0-a\"", "[1]");
        assertEquals(List.of("BAD_ANTENNA", "read 1795341603120000 2d40a3b1c2d30000 4d2f ant 1 rssi -5600 x1 null",
                "BAD_ANTENNA"), decode(new ImpinjJsonDecoder(), payload).list);
        String eventType = "{\"eventType\":{\"tagInventoryEvent\":{}},\"tagInventoryEvent\":{}}{\"eventType\":null}";
        assertEquals(List.of("UNSUPPORTED_EVENT", "UNSUPPORTED_EVENT"), decode(new ImpinjJsonDecoder(), eventType).list);
        String llrp = "{\"TagReportData\":[{\"EPC96\":{\"EPC\":\"LRQAAAAAAQAAAAAB\"},\"AntennaID\":1,\"PeakRSSI\":-56,"
                + "\"LastSeenUTC\":1795346403120456,\"Custom\":[1,\"x\",{\"VendorID\":25882,\"Subtype\":57,"
                + "\"Data\":\"6dQ=\"},[]],\"TagSeenCount\":{\"n\":2}}]}";
        assertEquals(List.of("read 1795346403120456 2d14000000000100 1 ant 1 rssi -5676 x1 null"),
                decode(new LlrpJsonDecoder(), llrp).list);
    }

    @Test
    void readsZebraNumbersAtTheEdgesOfTheirRanges() {
        String event = "{\"timestamp\":\"2026-11-22T10:00:03.120+0000\",\"data\":{\"idHex\":\"2d1400000000010000000001\","
                + "\"antenna\":%s,\"peakRssi\":%s,\"reads\":%s}}";
        String payload = String.join("", String.format(event, "64", "30", "1000000"),
                String.format(event, "1", "-150.0", "1000001"), String.format(event, "65", "-55", "1"),
                String.format(event, "1", "30.0001", "1"), String.format(event, "1", "-1.5e2", "1"),
                String.format(event, "1.0", "-55", "1"), String.format(event, "1", "-9223372036854775809", "1"));
        assertEquals(List.of("read 1795341603120000 2d14000000000100 1 ant 64 rssi 3000 x1000000 null",
                "read 1795341603120000 2d14000000000100 1 ant 1 rssi -15000 x1 null", "BAD_ANTENNA", "BAD_RSSI",
                "read 1795341603120000 2d14000000000100 1 ant 1 rssi -15000 x1 null", "BAD_ANTENNA", "BAD_RSSI"),
                decode(new ZebraJsonDecoder(), payload).list);
    }

    @Test
    void boundsNestingAndSizesForEveryFormat() {
        for (Format f : FORMATS) {
            String deep = "{\"a\":".repeat(33) + "1" + "}".repeat(33);
            assertEquals(List.of("MALFORMED_JSON"), decode(f.decoder(), deep).list, f.golden());
            String deepest = "{\"a\":".repeat(32) + "1" + "}".repeat(32);
            assertEquals(1, decode(f.decoder(), deepest).list.size(), "32 levels are allowed");
            assertTrue(!decode(f.decoder(), deepest).list.contains("MALFORMED_JSON"), f.golden());
            assertEquals(List.of("MALFORMED_JSON"),
                    decode(f.decoder(), "{\"x\":\"" + "y".repeat(70_000) + "\"}").list);
            assertEquals(List.of("MALFORMED_JSON"), decode(f.decoder(), "{\"x\":" + "9".repeat(65) + "}").list);
            assertEquals(List.of("MALFORMED_JSON"), decode(f.decoder(), new byte[]{'{', '"', (byte) 0xC0, '"'}).list);
        }
    }

    @Test
    void decodingAllocatesNothingButTheReads() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        ImpinjPayloadEncoder encoder = new ImpinjPayloadEncoder();
        int n = 32;
        long[] time = new long[n];
        long[] hi = new long[n];
        long[] lo = new long[n];
        int[] antenna = new int[n];
        int[] rssi = new int[n];
        List<byte[]> messages = new ArrayList<>();
        for (int m = 0; m < 200; m++) {
            for (int i = 0; i < n; i++) {
                time[i] = 1_795_341_603_120_000L + m * 250_000L + i * 7_001L;
                hi[i] = 0x2D40A3B1C2D30000L + (i % 5);
                lo[i] = m * 31L + i;
                antenna[i] = 1 + i % 4;
                rssi[i] = -5000 - i * 10;
            }
            messages.add(encoder.encode("impinj-f0-" + (char) ('a' + m % 3), n, time, hi, lo, antenna, rssi));
        }
        ImpinjJsonDecoder decoder = new ImpinjJsonDecoder();
        final class Counting implements TagReadDecoder.Sink {
            long reads;
            long rejects;
            TagRead last;

            @Override
            public void onRead(TagRead read, String readerName) {
                reads++;
                last = read;
            }

            @Override
            public void onReject(RejectReason reason, String detail) {
                rejects++;
            }
        }
        Counting sink = new Counting();
        for (byte[] m : messages) {
            decoder.decode(m, 0, m.length, sink);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (byte[] m : messages) {
            decoder.decode(m, 0, m.length, sink);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, sink.rejects);
        long reads = messages.size() * (long) n;
        long tagRead = 64; // a TagRead: 12-16 bytes of header and 44 of fields, 8-byte aligned
        assertTrue(allocated <= reads * tagRead + 4096,
                () -> "decoding allocated " + allocated / (double) reads + " bytes per read");
    }
}
