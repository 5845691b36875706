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
    void aConfiguredFormatIsUsedForEveryPayload() throws Exception {
        assertEquals("zebra", new DecoderSelector("zebra").apply(golden("llrp.json")).format());
        assertThrows(IllegalArgumentException.class, () -> new DecoderSelector("xml"));
    }
}
