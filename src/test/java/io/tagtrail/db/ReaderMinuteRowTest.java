package io.tagtrail.db;

import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The parts of one reader's minute in one batch become one row: an upsert may touch a row once per statement. */
class ReaderMinuteRowTest {
    private static final Timestamp M0 = Timestamp.valueOf("2026-11-20 10:00:00");
    private static final Timestamp M1 = Timestamp.valueOf("2026-11-20 10:01:00");

    @Test
    void partsOfTheSameReaderAndMinuteAddUpAndOthersStayApartInOrder() {
        Timestamp early = Timestamp.valueOf("2026-11-20 10:00:20");
        Timestamp late = Timestamp.valueOf("2026-11-20 10:00:59");
        List<ResultRows.ReaderMinuteRow> summed = ResultRows.ReaderMinuteRow.summed(List.of(
                new ResultRows.ReaderMinuteRow(M0, "s1", "r-a", true, 300, 2, 1, late),
                new ResultRows.ReaderMinuteRow(M0, "s1", "r-b", true, 10, 0, 0, early),
                new ResultRows.ReaderMinuteRow(M0, "s1", "r-a", false, 200, 1, 4, early),
                new ResultRows.ReaderMinuteRow(M1, "s1", "r-a", true, 5, 0, 0, null),
                new ResultRows.ReaderMinuteRow(M0, "s2", "r-a", true, 1, 0, 0, null),
                new ResultRows.ReaderMinuteRow(M1, "s1", "r-a", true, 6, 0, 0, late)));
        assertEquals(List.of(
                new ResultRows.ReaderMinuteRow(M0, "s1", "r-a", false, 500, 3, 5, late),
                new ResultRows.ReaderMinuteRow(M0, "s1", "r-b", true, 10, 0, 0, early),
                new ResultRows.ReaderMinuteRow(M1, "s1", "r-a", true, 11, 0, 0, late),
                new ResultRows.ReaderMinuteRow(M0, "s2", "r-a", true, 1, 0, 0, null)), summed);
    }

    @Test
    void rowsWithoutRepeatsAreLeftAsTheyAre() {
        List<ResultRows.ReaderMinuteRow> rows = List.of(
                new ResultRows.ReaderMinuteRow(M0, "s1", "r-a", true, 3, 0, 0, null),
                new ResultRows.ReaderMinuteRow(M1, "s1", "r-a", true, 4, 0, 0, null));
        assertSame(rows, ResultRows.ReaderMinuteRow.summed(rows));
    }
}
