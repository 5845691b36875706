package io.tagtrail.core;

import io.tagtrail.it.SimulatedRun;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.Member;
import io.tagtrail.member.MemberDirectory;
import io.tagtrail.model.TagRead;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A new layout version takes over at its effective time; what happened before stays as it was. */
class LayoutSwitchTest {
    static final long T0 = 1_795_000_000_000L;
    static final long SWITCH = T0 + 120_000;

    record Seen(int layoutVersion, String zoneId, long enterMillis, long exitMillis) {
    }

    static StoreLayout layout(int version, String effectiveFrom, boolean swapped) throws Exception {
        return SimulatedRun.sampleVersion(version, effectiveFrom, swapped);
    }

    /** One card on reader r-f0-b's port 2 from T0, every 500 ms for 4 minutes, each taken; how many. */
    private static int readCardEveryHalfSecondForFourMinutes(StorePipeline p) {
        int taken = 0;
        for (long t = T0; t < T0 + 240_000; t += 500) {
            TagRead r = new TagRead();
            r.timeMicros = t * 1000;
            r.epcHi = 0x2D14_0000_0000_0000L;
            r.epcLo = 7;
            r.readerIndex = p.readerIndexAt("r-f0-b", r.timeMicros);
            r.antenna = 2;
            r.rssiCdbm = -5_500;
            assertTrue(p.onRead(r, T0) == null);
            taken++;
        }
        return taken;
    }

    @Test
    void aNewLayoutVersionResolvesReadsFromItsEffectiveTimeOnAndLeavesEarlierVisitsAlone() throws Exception {
        StoreLayout v1 = layout(1, "2026-01-01T00:00:00Z", false);
        StoreLayout v2 = layout(2, java.time.Instant.ofEpochMilli(SWITCH).toString(), true);
        int reader = v1.readerIndex("r-f0-b");
        assertEquals(v1.zoneIndex("c-fragrance"), v1.zoneOf(reader, 2), "v1 maps port 2 to the fragrance counter");
        assertEquals(v2.zoneIndex("c-skincare"), v2.zoneOf(reader, 2), "v2 maps it to the skincare counter");

        List<Seen> visits = new ArrayList<>();
        List<TagRead> late = new ArrayList<>();
        StorePipeline p = new StorePipeline(v1, PipelineConfig.DEFAULTS, new MemberDirectory(), new ResultSink() {
            @Override
            public void visit(StoreLayout layout, ZoneVisit v, Member member) {
                visits.add(new Seen(layout.version(), layout.zone(v.zoneIndex()).id(), v.enterMillis(), v.exitMillis()));
            }

            @Override
            public void lateRead(StoreLayout layout, TagRead read) {
                late.add(read);
            }
        });
        p.scheduleLayout(v2);
        assertEquals(v1, p.layout(), "nothing changes before the effective time");
        assertEquals(2, p.newestLayout().version());
        readCardEveryHalfSecondForFourMinutes(p);
        assertEquals(v2, p.layout());
        assertEquals(1, p.counters().layoutSwitches());

        TagRead stale = new TagRead();
        stale.timeMicros = (SWITCH - 10_000) * 1000;
        stale.epcHi = 0x2D14_0000_0000_0000L;
        stale.epcLo = 8;
        stale.readerIndex = p.readerIndexAt("r-f0-b", stale.timeMicros);
        stale.antenna = 2;
        stale.rssiCdbm = -5_500;
        p.onRead(stale, T0);
        assertEquals(1, late.size(), "a read for a time before the switch that arrives after it is late");

        p.finish();
        assertEquals(2, visits.size(), visits.toString());
        Seen before = visits.get(0);
        Seen after = visits.get(1);
        assertEquals(new Seen(1, "c-fragrance", T0, SWITCH - 500), before, "the old visit ends at its last read");
        assertEquals(2, after.layoutVersion());
        assertEquals("c-skincare", after.zoneId());
        assertTrue(after.enterMillis() >= SWITCH, "the new visit starts at the switch: " + after);
    }

    @Test
    void theMinuteOfTheSwitchIsOneReaderHealthRowPerReaderWithTheReadsOfBothLayouts() throws Exception {
        StoreLayout v1 = layout(1, "2026-01-01T00:00:00Z", false);
        StoreLayout v2 = layout(2, java.time.Instant.ofEpochMilli(SWITCH).toString(), true);
        assertTrue(SWITCH % 60_000 != 0, "the switch falls within a minute");
        CapturingResultSink sink = new CapturingResultSink();
        StorePipeline p = new StorePipeline(v1, PipelineConfig.DEFAULTS, new MemberDirectory(), sink);
        p.scheduleLayout(v2);
        int taken = readCardEveryHalfSecondForFourMinutes(p);
        p.finish();
        assertEquals(1, p.counters().layoutSwitches());
        List<String> rows = sink.readerMinutes.stream().map(m -> m.bucketMillis() + " " + m.readerId()).toList();
        assertEquals(rows.size(), new HashSet<>(rows).size(), "one row per reader and minute: " + rows);
        assertTrue(sink.readerMinutes.stream().anyMatch(m -> m.bucketMillis() == TrafficWindows.startOf(SWITCH)),
                rows.toString());
        assertEquals(taken, sink.readerMinutes.stream().mapToLong(CapturingResultSink.ReaderMinuteRow::reads).sum(),
                "every read counted once: " + sink.readerMinutes);
    }

    /** The card on reader r-f0-b's port 2, received at T0 (two minutes before the switch), stamped a day after it. */
    private static io.tagtrail.model.RejectReason offerADayAfterTheSwitch(StorePipeline p) {
        TagRead ahead = new TagRead();
        ahead.timeMicros = (SWITCH + 86_400_000L) * 1000;
        ahead.epcHi = 0x2D14_0000_0000_0000L;
        ahead.epcLo = 7;
        ahead.readerIndex = p.readerIndexAt("r-f0-b", ahead.timeMicros);
        ahead.antenna = 2;
        ahead.rssiCdbm = -5_500;
        return p.onRead(ahead, T0);
    }

    @Test
    void aReadStampedFarAheadIsRejectedWithoutBringingTheNextLayoutIn() throws Exception {
        StoreLayout v1 = layout(1, "2026-01-01T00:00:00Z", false);
        StoreLayout v2 = layout(2, java.time.Instant.ofEpochMilli(SWITCH).toString(), true);
        StorePipeline p = new StorePipeline(v1, PipelineConfig.DEFAULTS, new MemberDirectory(), new ResultSink() {
        });
        p.scheduleLayout(v2);
        assertEquals(io.tagtrail.model.RejectReason.TIMESTAMP_IN_FUTURE, offerADayAfterTheSwitch(p));
        assertEquals(1, p.layout().version(), "the switch waits for a read that may be believed");
        assertEquals(0, p.counters().layoutSwitches());
    }

    @Test
    void aReadRejectedAheadOfASwitchIsCountedForItsReaderUnderTheLayoutInForce() throws Exception {
        StoreLayout v1 = layout(1, "2026-01-01T00:00:00Z", false);
        // v2 puts a new reader first: every reader's index moves
        StoreLayout v2 = io.tagtrail.layout.LayoutLoader.parse(new java.io.ByteArrayInputStream(v1.document()
                .replace("\"version\":1", "\"version\":2")
                .replace("\"effective_from\":\"2026-01-01T00:00:00Z\"",
                        "\"effective_from\":\"" + java.time.Instant.ofEpochMilli(SWITCH) + "\"")
                .replace("\"readers\":[", "\"readers\":[{\"id\":\"r-new\",\"antennas\":[{\"port\":1,"
                        + "\"zone\":\"z-entrance-n\"}]},")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), "v2");
        assertTrue(v2.readerIndex("r-f0-b") != v1.readerIndex("r-f0-b"), "the index moved");
        CapturingResultSink sink = new CapturingResultSink();
        StorePipeline p = new StorePipeline(v1, PipelineConfig.DEFAULTS, new MemberDirectory(), sink);
        p.scheduleLayout(v2);
        assertEquals(io.tagtrail.model.RejectReason.TIMESTAMP_IN_FUTURE, offerADayAfterTheSwitch(p));
        p.finish();
        assertEquals(List.of(new CapturingResultSink.ReaderMinuteRow(TrafficWindows.startOf(T0), "r-f0-b", 0, 1, 0)),
                sink.readerMinutes, "the rejection is r-f0-b's");
    }
}
