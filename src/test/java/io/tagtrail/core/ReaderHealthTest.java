package io.tagtrail.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reader health hands the minute being counted over to the next layout's counter instead of writing it twice. */
class ReaderHealthTest {
    private static final long M0 = 1_795_000_020_000L;

    @Test
    void aHandOverMovesEachKeptReadersCountsToItsNewIndexAndEmitsTheReadersTheNextLayoutLacks() {
        List<ReaderHealth.Minute> before = new ArrayList<>();
        List<ReaderHealth.Minute> after = new ArrayList<>();
        ReaderHealth old = new ReaderHealth(3, before::add);
        old.clock(M0 + 5_000);
        old.read(0, (M0 + 6_000) * 1000);
        old.read(0, (M0 + 7_000) * 1000);
        old.late(1);
        old.read(2, (M0 + 8_000) * 1000);
        old.rejected(2);
        old.rejectedUnknown("r-stranger");

        // the next layout keeps readers 0 and 2 (as its 1 and 0) and drops reader 1
        ReaderHealth next = new ReaderHealth(2, after::add);
        old.handOver(next, new int[] {1, -1, 0});
        assertEquals(List.of(new ReaderHealth.Minute(M0, 1, null, 0, 0, 1, Long.MIN_VALUE)), before,
                "the dropped reader's part of the minute is emitted under the old layout");

        next.read(1, (M0 + 30_000) * 1000);
        next.rejectedUnknown("r-stranger");
        next.clock(M0 + 60_000);
        assertEquals(List.of(
                new ReaderHealth.Minute(M0, 0, null, 1, 1, 0, (M0 + 8_000) * 1000),
                new ReaderHealth.Minute(M0, 1, null, 3, 0, 0, (M0 + 30_000) * 1000),
                new ReaderHealth.Minute(M0, -1, "r-stranger", 0, 2, 0, Long.MIN_VALUE)), after,
                "one row per reader for the whole minute");
        old.flush();
        assertEquals(1, before.size(), "nothing of the handed-over minute stays behind");
    }
}
