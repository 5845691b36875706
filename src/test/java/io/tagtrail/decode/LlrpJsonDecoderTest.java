package io.tagtrail.decode;

import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LlrpJsonDecoderTest {
    @Test
    void decodesTheGoldenReportPreferringImpinjPeakRssiAndLastSeenTime() throws Exception {
        byte[] golden = Files.readAllBytes(Path.of("src/test/resources/golden/llrp.json"));
        CapturingDecoderSink out = CapturingDecoderSink.decode(new LlrpJsonDecoder(), golden);
        assertEquals(List.of(), out.rejects);
        assertEquals(2, out.reads.size());
        TagRead a = out.reads.get(0);
        assertEquals(0x2D14000000000100L, a.epcHi);
        assertEquals(1L, a.epcLo);
        assertEquals(1, a.antenna);
        assertEquals(-5676, a.rssiCdbm, "Impinj's centi-dBm extension beats the whole-dBm PeakRSSI");
        assertEquals(1_795_346_403_120_456L, a.timeMicros, "LastSeenUTC");
        assertNull(out.readerNames.get(0), "LLRP names no reader; the topic does");
        TagRead b = out.reads.get(1);
        assertEquals(2L, b.epcLo, "EPCData with 96 bits");
        assertEquals(4, b.antenna);
        assertEquals(-6800, b.rssiCdbm);
        assertEquals(1_795_346_404_000_000L, b.timeMicros, "FirstSeenTimestampUTC when there is no last-seen time");
        assertEquals(3, b.readCount);
    }

    @Test
    void rejectsTagsItCannotPlaceAndReportsWithoutTags() {
        String report = "{\"TagReportData\":["
                + "{\"EPC96\":{\"EPC\":\"LRQAAAAAAQAAAAAB\"},\"PeakRSSI\":-56,\"FirstSeenUTC\":1795346403120000},"
                + "{\"EPC96\":{\"EPC\":\"ikUCJA==\"},\"AntennaID\":1,\"PeakRSSI\":-56,\"FirstSeenUTC\":1795346403120000},"
                + "{\"EPC96\":{\"EPC\":\"LRQAAAAAAQAAAAAB\"},\"AntennaID\":1,\"PeakRSSI\":-56,\"FirstSeenUTC\":-5},"
                + "{\"EPC96\":{\"EPC\":\"LRQAAAAAAQAAAAAB\"},\"AntennaID\":99,\"PeakRSSI\":-56,\"FirstSeenUTC\":1}"
                + "]}{\"RFSurveyReportData\":[]}";
        CapturingDecoderSink out = CapturingDecoderSink.decode(new LlrpJsonDecoder(),
                report.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(RejectReason.MISSING_FIELD, RejectReason.BAD_EPC, RejectReason.BAD_TIMESTAMP,
                RejectReason.BAD_ANTENNA, RejectReason.UNSUPPORTED_EVENT), out.rejects);
        assertEquals(0, out.reads.size());
    }
}
