package io.tagtrail.decode;

import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ZebraJsonDecoderTest {
    static byte[] golden() throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/golden/zebra.json"));
    }

    static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }

    @Test
    void decodesConcatenatedObjectsArraysAndOffsetsOfTheGoldenPayload() throws Exception {
        CapturingDecoderSink out = CapturingDecoderSink.decode(new ZebraJsonDecoder(), golden());
        assertEquals(3, out.reads.size());
        TagRead a = out.reads.get(0);
        assertEquals(micros("2026-11-22T10:00:03.120Z"), a.timeMicros);
        assertEquals(0x2D14000000000100L, a.epcHi);
        assertEquals(1L, a.epcLo);
        assertEquals(1, a.antenna);
        assertEquals(-5550, a.rssiCdbm);
        assertEquals(1, a.readCount);
        TagRead b = out.reads.get(1);
        assertEquals(micros("2026-11-22T10:00:04.250Z"), b.timeMicros, "+0100 offset without colon");
        assertEquals(2L, b.epcLo);
        assertEquals(3, b.antenna);
        assertEquals(-6800, b.rssiCdbm);
        assertEquals(4, b.readCount);
        TagRead c = out.reads.get(2);
        assertEquals(0x30, (int) (c.epcHi >>> 56));
        assertEquals(2, c.antenna);
        assertEquals(-5400, c.rssiCdbm);
        assertEquals(9, c.readCount);
        assertEquals(List.of(RejectReason.UNSUPPORTED_EVENT), out.rejects, "the heartbeat is not a tag event");
    }

    @Test
    void rejectsEventsWithoutTheMetadataPresenceNeeds() {
        String noAntenna = "{\"type\":\"SIMPLE\",\"timestamp\":\"2026-11-22T10:00:03.120+0000\","
                + "\"data\":{\"idHex\":\"2d1400000000010000000001\",\"peakRssi\":-55}}";
        String noRssi = "{\"type\":\"SIMPLE\",\"timestamp\":\"2026-11-22T10:00:03.120+0000\","
                + "\"data\":{\"idHex\":\"2d1400000000010000000001\",\"antenna\":1}}";
        String shortEpc = "{\"type\":\"SIMPLE\",\"timestamp\":\"2026-11-22T10:00:03.120+0000\","
                + "\"data\":{\"idHex\":\"e2806894\",\"antenna\":1,\"peakRssi\":-55}}";
        String badTime = "{\"type\":\"SIMPLE\",\"timestamp\":\"yesterday\","
                + "\"data\":{\"idHex\":\"2d1400000000010000000001\",\"antenna\":1,\"peakRssi\":-55}}";
        CapturingDecoderSink out = CapturingDecoderSink.decode(new ZebraJsonDecoder(),
                (noAntenna + noRssi + shortEpc + badTime + "{\"type\":").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(RejectReason.MISSING_FIELD, RejectReason.MISSING_FIELD, RejectReason.BAD_EPC,
                RejectReason.BAD_TIMESTAMP, RejectReason.MALFORMED_JSON), out.rejects);
        assertEquals(0, out.reads.size());
    }
}
