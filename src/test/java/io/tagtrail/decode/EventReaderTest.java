package io.tagtrail.decode;

import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layout comparison of {@link EventReader} must decide exactly as the scanner's walk: an event read by
 * comparison with the layout of the one before gives the same reads and the same rejections as the same event
 * decoded by a decoder that has seen nothing before (and so walks it).
 */
class EventReaderTest {
    private static final String IMPINJ = "{\"timestamp\":\"2026-11-22T10:00:03.120456Z\",\"hostname\":\"impinj-f0-a\","
            + "\"eventType\":\"tagInventory\",\"tagInventoryEvent\":{\"epcHex\":\"2D40A3B1C2D3000000004D2F\","
            + "\"antennaPort\":1,\"antennaName\":\"Antenna 1\",\"peakRssiCdbm\":-5600,"
            + "\"lastSeenTime\":\"2026-11-22T10:00:03.118234Z\"}}";
    private static final String IMPINJ_SPACED = "{ \"timestamp\": \"2026-11-22T10:00:03.120456Z\", \"hostname\": "
            + "\"impinj-f0-a\", \"eventType\": \"tagInventory\", \"tagInventoryEvent\": {\"epc\": \"LUCjscLTAAAAAE0v\","
            + " \"antennaPort\": 12, \"peakRssiCdbm\": -5600.0, \"frequency\": 920250, \"flags\": [true, null, 1.5e3],"
            + " \"lastSeenTime\": null, \"phaseAngle\": 31.25}}";
    private static final String ZEBRA = "{\"type\":\"SIMPLE\",\"timestamp\":\"2026-11-22T10:00:03.120+0000\","
            + "\"data\":{\"eventNum\":1,\"format\":\"epc\",\"idHex\":\"2d1400000000010000000001\",\"antenna\":1,"
            + "\"peakRssi\":-55.5,\"reads\":3,\"hostname\":\"fx9600-a\"}}";

    private static final String LLRP = "{\"TagReportData\":[{\"EPCData\":{\"EPCNumBits\":0,\"EPC\":null},"
            + "\"EPC96\":{\"EPC\":\"LRQAAAAAAQAAAAAB\"},\"AntennaID\":2,\"PeakRSSI\":-56,"
            + "\"FirstSeenUTC\":1795340400120000,\"LastSeenUTC\":1795340400120456,\"TagSeenCount\":3,"
            + "\"Custom\":[{\"VendorID\":25882,\"Subtype\":57,\"Data\":\"6lw=\"}]}],"
            + "\"RFSurveyReportData\":null,\"Custom\":null}";

    /** Everything a decoder emitted, in order, as comparable text. */
    private static List<String> outcomes(TagReadDecoder decoder, byte[] payload) {
        List<String> out = new ArrayList<>();
        decoder.decode(payload, 0, payload.length, new TagReadDecoder.Sink() {
            @Override
            public void onRead(TagRead r, String readerName) {
                out.add("read " + r.timeMicros + " " + r.epcHi + " " + r.epcLo + " " + r.antenna + " " + r.rssiCdbm
                        + " " + r.readCount + " " + readerName);
            }

            @Override
            public void onReject(RejectReason reason, String detail) {
                out.add("reject " + reason + " " + detail);
            }
        });
        return out;
    }

    /**
     * Each corruption of {@code base} decoded right after {@code base} (whose layout is then learned) gives what a
     * fresh decoder gives for it; returns how many of them were read by comparison.
     */
    private static long assertSameAsWalk(Supplier<TagReadDecoder> decoders, String base,
                                         java.util.function.ToLongFunction<TagReadDecoder> fastEvents) {
        byte[] first = (base + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] original = base.getBytes(StandardCharsets.UTF_8);
        List<byte[]> variants = new ArrayList<>();
        variants.add(original);
        byte[] replacements = {'0', '7', '9', '-', '.', 'e', 'a', 'F', '"', '\\', ' ', '\n', '{', '}', '[', ']', ',',
            ':', 'n', 't', 0, 0x1F, 0x7F, (byte) 0x80, (byte) 0xC3, (byte) 0xFF};
        for (int i = 0; i < original.length; i++) {
            for (byte r : replacements) {
                if (original[i] != r) {
                    byte[] v = original.clone();
                    v[i] = r;
                    variants.add(v);
                }
            }
            byte[] without = new byte[original.length - 1];
            System.arraycopy(original, 0, without, 0, i);
            System.arraycopy(original, i + 1, without, i, original.length - i - 1);
            variants.add(without);
            byte[] doubled = new byte[original.length + 1];
            System.arraycopy(original, 0, doubled, 0, i + 1);
            System.arraycopy(original, i, doubled, i + 1, original.length - i);
            variants.add(doubled);
        }
        Random random = new Random(11);
        for (int k = 0; k < 2_000; k++) {
            byte[] v = original.clone();
            for (int n = 0; n < 1 + random.nextInt(3); n++) {
                String alphabet = "0123456789-\"\\ ,.:{}[]eEaZ";
                v[random.nextInt(v.length)] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
            variants.add(v);
        }
        long fast = 0;
        for (byte[] v : variants) {
            TagReadDecoder warm = decoders.get();
            outcomes(warm, first);
            long before = fastEvents.applyAsLong(warm);
            List<String> got = outcomes(warm, v);
            fast += fastEvents.applyAsLong(warm) - before;
            List<String> expected = outcomes(decoders.get(), v);
            assertEquals(expected, got, () -> "after the base event: " + new String(v, StandardCharsets.ISO_8859_1));
        }
        return fast;
    }

    @Test
    void impinjEventsReadByTheLearnedLayoutDecideAsTheWalk() {
        long fast = assertSameAsWalk(ImpinjJsonDecoder::new, IMPINJ, d -> ((ImpinjJsonDecoder) d).events().fastEvents());
        assertTrue(fast > 1_000, "the layout served the variants that keep it: " + fast);
    }

    @Test
    void aLayoutWithSpacingUnknownFieldsAndLiteralsDecidesAsTheWalk() {
        long fast = assertSameAsWalk(ImpinjJsonDecoder::new, IMPINJ_SPACED,
                d -> ((ImpinjJsonDecoder) d).events().fastEvents());
        assertTrue(fast > 1_000, "the layout served the variants that keep it: " + fast);
    }

    @Test
    void zebraEventsReadByTheLearnedLayoutDecideAsTheWalk() {
        long fast = assertSameAsWalk(ZebraJsonDecoder::new, ZEBRA, d -> ((ZebraJsonDecoder) d).events().fastEvents());
        assertTrue(fast > 1_000, "the layout served the variants that keep it: " + fast);
    }

    @Test
    void llrpTagEntriesReadByTheLearnedLayoutDecideAsTheWalk() {
        long fast = assertSameAsWalk(LlrpJsonDecoder::new, LLRP, d -> ((LlrpJsonDecoder) d).events().fastEvents());
        assertTrue(fast > 1_000, "the layout served the variants that keep it: " + fast);
    }

    @Test
    void aSteadyStreamIsReadByComparisonAfterItsFirstEvent() {
        ImpinjJsonDecoder decoder = new ImpinjJsonDecoder();
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            payload.append(IMPINJ.replace("\"antennaPort\":1", "\"antennaPort\":" + (1 + i % 40))
                    .replace(":03.118234Z", ":" + String.format("%02d", i % 60) + ".118234Z")).append('\n');
        }
        List<String> got = outcomes(decoder, payload.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(100, got.size());
        assertTrue(got.stream().allMatch(o -> o.startsWith("read ")), got::toString);
        assertEquals(99, decoder.events().fastEvents());
        assertEquals(1, decoder.events().layoutsLearned());
        assertEquals(outcomes(new ImpinjJsonDecoder(), payload.toString().getBytes(StandardCharsets.UTF_8)), got);
    }

    @Test
    void layoutsThatKeepChangingAreNotComparedOverAndOver() {
        ImpinjJsonDecoder decoder = new ImpinjJsonDecoder();
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            payload.append(i % 2 == 0 ? IMPINJ : IMPINJ_SPACED).append('\n');
        }
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        List<String> got = outcomes(decoder, bytes);
        assertEquals(2_000, got.size());
        assertEquals(outcomes(new ImpinjJsonDecoder(), bytes), got);
        long learned = decoder.events().layoutsLearned();
        assertTrue(learned >= 2 && learned < 20, "alternating layouts were learned " + learned + " times");
    }
}
