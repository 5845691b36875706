package io.tagtrail.decode;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecoderSelectorTest {
    static byte[] golden(String name) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/golden/" + name));
    }

    @Test
    void recognisesEachGoldenFormatByItsFieldNames() throws Exception {
        DecoderSelector auto = new DecoderSelector("auto");
        assertEquals("impinj", auto.apply(golden("impinj.jsonl")).format());
        assertEquals("zebra", auto.apply(golden("zebra.json")).format());
        assertEquals("llrp", auto.apply(golden("llrp.json")).format());
        assertNull(auto.apply("{\"hello\":1}".getBytes()));
    }

    @Test
    void findsALoneFieldNameAtEveryOffsetWithinTheWideWindowAndNotBeyond() {
        DecoderSelector auto = new DecoderSelector("auto");
        String[] names = {"\"idHex\"", "\"TagReportData\"", "\"tagInventoryEvent\"", "\"eventType\""};
        String[] formats = {"zebra", "llrp", "impinj", "impinj"};
        for (int n = 0; n < names.length; n++) {
            byte[] name = names[n].getBytes();
            for (int at = 0; at + name.length <= DecoderSelector.WIDE_WINDOW + 100; at++) {
                byte[] payload = new byte[DecoderSelector.WIDE_WINDOW + 100];
                // quotes all around, so that the word-at-a-time search meets quotes that start nothing
                Arrays.fill(payload, (byte) '"');
                System.arraycopy(name, 0, payload, at, name.length);
                TagReadDecoder d = auto.apply(payload);
                if (at + name.length <= DecoderSelector.WIDE_WINDOW) {
                    assertEquals(formats[n], d == null ? null : d.format(), names[n] + " at " + at);
                } else {
                    assertNull(d, names[n] + " ending beyond the wide window, at " + at);
                }
            }
        }
        assertEquals("llrp", auto.apply("{\"idHex\":1,\"TagReportData\":[]}".getBytes()).format(),
                "LLRP's name wins over the others");
        assertEquals("zebra", auto.apply("{\"eventType\":1,\"idHex\":2}".getBytes()).format(),
                "Zebra's name wins over Impinj's");
        assertNull(auto.apply("{\"idHe\"".getBytes()), "a name cut short by the payload's end");
    }

    @Test
    void aNameInTheFirstKibDecidesAndTheWideWindowCountsOnlyWithoutOne() {
        DecoderSelector auto = new DecoderSelector("auto");
        assertEquals("impinj", auto.apply(payloadWith(10, "\"eventType\"", 2_000, "\"TagReportData\"")).format(),
                "a name in the first KiB decides, whatever comes later");
        assertEquals("llrp", auto.apply(payloadWith(1_020, "\"eventType\"", 2_000, "\"TagReportData\"")).format(),
                "a name that ends past the first KiB is the wide window's, and there LLRP's wins");
        assertEquals("zebra", auto.apply(payloadWith(3_000, "\"idHex\"", 3_500, "\"eventType\"")).format());
    }

    private static byte[] payloadWith(int at, String name, int otherAt, String other) {
        byte[] payload = new byte[DecoderSelector.WIDE_WINDOW];
        Arrays.fill(payload, (byte) ' ');
        System.arraycopy(name.getBytes(), 0, payload, at, name.length());
        System.arraycopy(other.getBytes(), 0, payload, otherAt, other.length());
        return payload;
    }

    @Test
    void recognisesZebraEventsWhoseNameComesAfterTheFirstKib() {
        DecoderSelector auto = new DecoderSelector("auto");
        // events of another kind ahead of the tag data event, in one batch
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            batch.append("{\"type\":\"HEARTBEAT\",\"timestamp\":\"2026-11-22T10:00:").append(10 + i)
                    .append(".000+0000\",\"data\":{\"eventNum\":").append(i).append(",\"radio\":\"connected\"}},");
        }
        batch.append("{\"type\":\"SIMPLE\",\"timestamp\":\"2026-11-22T10:00:09.000+0000\",\"data\":{\"idHex\":")
                .append("\"2d0000000000000000004e2f\",\"antenna\":1,\"peakRssi\":-55}}]");
        byte[] heartbeatsFirst = batch.toString().getBytes();
        assertTrue(batch.indexOf("\"idHex\"") > DecoderSelector.FIRST_WINDOW, "the name comes after the first KiB");
        assertEquals("zebra", auto.apply(heartbeatsFirst).format());
        // keys in alphabetical order: the memory banks (upper case) before idHex
        String memoryFirst = "{\"data\":{\"TID\":\"" + "e2".repeat(32) + "\",\"USER\":\"" + "ab".repeat(512)
                + "\",\"antenna\":1,\"idHex\":\"2d0000000000000000004e2f\",\"peakRssi\":-55},"
                + "\"timestamp\":\"2026-11-22T10:00:09.000+0000\",\"type\":\"SIMPLE\"}";
        assertTrue(memoryFirst.indexOf("\"idHex\"") > DecoderSelector.FIRST_WINDOW);
        assertEquals("zebra", auto.apply(memoryFirst.getBytes()).format());
    }

    @Test
    void picksWhatASearchForEachNameInTheWindowsPicksOnPayloadsMadeOfTheNamesPiecesAndQuotes() {
        // pieces that cut the names short, run them into each other and put quotes and the names' first letters
        // everywhere, so that most quotes start a name's first bytes but not the whole name
        String[] pieces = {"\"", "\"T", "\"i", "\"t", "\"e", "\"TagRepo", "\"TagReportData", "\"idHe", "\"idHex",
            "\"tagInventoryEven", "\"tagInventoryEvent", "\"eventTyp", "\"eventType", "x", "Hex", "Data", "\":",
            "                                                  "};
        java.util.Random random = new java.util.Random(11);
        int recognised = 0;
        for (int run = 0; run < 20_000; run++) {
            StringBuilder b = new StringBuilder();
            int length = switch (run % 10) {
                case 0 -> DecoderSelector.FIRST_WINDOW - 100 + random.nextInt(200);
                case 1 -> DecoderSelector.WIDE_WINDOW - 100 + random.nextInt(200);
                default -> random.nextInt(120);
            };
            // some payloads are made of the names' pieces only from the first window's end on
            boolean quietStart = run % 10 == 1 && random.nextBoolean();
            while (b.length() < length) {
                b.append(quietStart && b.length() < DecoderSelector.FIRST_WINDOW ? "x" : pieces[random.nextInt(
                        pieces.length)]);
            }
            String expected = referenceFormat(b.toString());
            recognised += expected != null ? 1 : 0;
            TagReadDecoder d = new DecoderSelector("auto").apply(b.toString().getBytes());
            assertEquals(expected, d == null ? null : d.format(), b.toString());
        }
        assertTrue(recognised > 2_000 && recognised < 18_000, "payloads with and without names: " + recognised);
    }

    /** The format the names in the first window pick, or in the wide one when the first has none. */
    private static String referenceFormat(String payload) {
        String first = winner(payload.substring(0, Math.min(payload.length(), DecoderSelector.FIRST_WINDOW)));
        return first != null ? first
                : winner(payload.substring(0, Math.min(payload.length(), DecoderSelector.WIDE_WINDOW)));
    }

    private static String winner(String window) {
        if (window.contains("\"TagReportData\"")) {
            return "llrp";
        }
        if (window.contains("\"idHex\"")) {
            return "zebra";
        }
        return window.contains("\"tagInventoryEvent\"") || window.contains("\"eventType\"") ? "impinj" : null;
    }

    @Test
    void aConfiguredFormatIsUsedForEveryPayload() throws Exception {
        assertEquals("zebra", new DecoderSelector("zebra").apply(golden("llrp.json")).format());
        assertThrows(IllegalArgumentException.class, () -> new DecoderSelector("xml"));
    }
}
