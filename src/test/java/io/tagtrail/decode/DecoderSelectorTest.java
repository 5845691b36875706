package io.tagtrail.decode;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void findsAFieldNameAtEveryOffsetAndOnlyWithinTheFirst4KiB() {
        DecoderSelector auto = new DecoderSelector("auto");
        String[] names = {"\"idHex\"", "\"TagReportData\"", "\"tagInventoryEvent\""};
        String[] formats = {"zebra", "llrp", "impinj"};
        for (int n = 0; n < names.length; n++) {
            byte[] name = names[n].getBytes();
            for (int at = 0; at + name.length <= 4200; at++) {
                byte[] payload = new byte[4200];
                // quotes all around, so that the word-at-a-time search meets quotes that start nothing
                java.util.Arrays.fill(payload, (byte) '"');
                System.arraycopy(name, 0, payload, at, name.length);
                TagReadDecoder d = auto.apply(payload);
                if (at + name.length <= 4096) {
                    assertEquals(formats[n], d == null ? null : d.format(), names[n] + " at " + at);
                } else {
                    assertNull(d, names[n] + " ending beyond 4 KiB, at " + at);
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
    void aConfiguredFormatIsUsedForEveryPayload() throws Exception {
        assertEquals("zebra", new DecoderSelector("zebra").apply(golden("llrp.json")).format());
        assertThrows(IllegalArgumentException.class, () -> new DecoderSelector("xml"));
    }
}
