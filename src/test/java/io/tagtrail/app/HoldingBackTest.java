package io.tagtrail.app;

import io.tagtrail.db.JdbcResultWriter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the instance's own trouble, not the readers', must keep quiet readers from moving event time on. */
class HoldingBackTest {
    private static final int CAPACITY = 200_000;
    private static final long HELD_LIMIT = JdbcResultWriter.MAX_HELD_PAYLOAD_BYTES;

    @Test
    void anInstanceWithEverythingUpAndLittleQueuedDoesNotHoldBack() {
        assertFalse(TagTrailService.holdingBack(true, true, 0, CAPACITY, 0));
        assertFalse(TagTrailService.holdingBack(true, true, CAPACITY / 10, CAPACITY, HELD_LIMIT / 10),
                "a tenth of each is still the readers' business");
    }

    @Test
    void theDatabaseOrTheBrokerAwayHoldsBack() {
        assertTrue(TagTrailService.holdingBack(false, true, 0, CAPACITY, 0));
        assertTrue(TagTrailService.holdingBack(true, false, 0, CAPACITY, 0));
    }

    @Test
    void aWriterHoldingMoreThanATenthOfItsResultsOrOfItsLoggedPayloadsHoldsBack() {
        assertTrue(TagTrailService.holdingBack(true, true, CAPACITY / 10 + 1, CAPACITY, 0), "results queued");
        assertTrue(TagTrailService.holdingBack(true, true, 0, CAPACITY, HELD_LIMIT / 10 + 1),
                "logged payloads not yet committed");
    }
}
