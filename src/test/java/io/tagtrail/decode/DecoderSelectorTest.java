package io.tagtrail.decode;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

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
    void findsAFieldNameAtEveryOffsetAndOnlyWithinTheScannedWindow() {
        DecoderSelector auto = new DecoderSelector("auto");
        String[] names = {"\"idHex\"", "\"TagReportData\"", "\"tagInventoryEvent\"", "\"eventType\""};
        String[] formats = {"zebra", "llrp", "impinj", "impinj"};
        for (int n = 0; n < names.length; n++) {
            byte[] name = names[n].getBytes();
            for (int at = 0; at + name.length <= DecoderSelector.SCANNED_BYTES + 100; at++) {
                byte[] payload = new byte[DecoderSelector.SCANNED_BYTES + 100];
                // quotes all around, so that the word-at-a-time search meets quotes that start nothing
                java.util.Arrays.fill(payload, (byte) '"');
                System.arraycopy(name, 0, payload, at, name.length);
                TagReadDecoder d = auto.apply(payload);
                if (at + name.length <= DecoderSelector.SCANNED_BYTES) {
                    assertEquals(formats[n], d == null ? null : d.format(), names[n] + " at " + at);
                } else {
                    assertNull(d, names[n] + " ending beyond the window, at " + at);
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
    void agreesWithASearchForEachNameOnPayloadsMadeOfTheNamesPiecesAndQuotes() {
        // pieces that cut the names short, run them into each other and put quotes and the names' first letters
        // everywhere, so that most quotes start a name's first bytes but not the whole name
        String[] pieces = {"\"", "\"T", "\"i", "\"t", "\"e", "\"TagRepo", "\"TagReportData", "\"idHe", "\"idHex",
            "\"tagInventoryEven", "\"tagInventoryEvent", "\"eventTyp", "\"eventType", "x", "Hex", "Data", "\":"};
        String[] names = {"\"TagReportData\"", "\"idHex\"", "\"tagInventoryEvent\"", "\"eventType\""};
        int[] bits = {1, 2, 4, 4};
        java.util.Random random = new java.util.Random(11);
        int withAName = 0;
        for (int run = 0; run < 20_000; run++) {
            StringBuilder b = new StringBuilder();
            int length = run % 10 == 0 ? DecoderSelector.SCANNED_BYTES - 100 + random.nextInt(200) : random.nextInt(120);
            while (b.length() < length) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String scanned = b.substring(0, Math.min(b.length(), DecoderSelector.SCANNED_BYTES));
            int expected = 0;
            for (int n = 0; n < names.length; n++) {
                if (scanned.contains(names[n])) {
                    expected |= bits[n];
                }
            }
            withAName += expected != 0 ? 1 : 0;
            assertEquals(expected, DecoderSelector.markers(b.toString().getBytes()), b.toString());
        }
        assertTrue(withAName > 2_000 && withAName < 18_000, "payloads with and without names: " + withAName);
    }

    @Test
    void aConfiguredFormatIsUsedForEveryPayload() throws Exception {
        assertEquals("zebra", new DecoderSelector("zebra").apply(golden("llrp.json")).format());
        assertThrows(IllegalArgumentException.class, () -> new DecoderSelector("xml"));
    }
}
