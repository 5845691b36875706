package io.tagtrail.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Draws and the cumulative distribution of every dwell law agree, clamps included. */
class DwellDistributionTest {
    @Test
    void drawsOfEveryLawMatchItsCumulativeDistribution() {
        for (DwellDistribution law : List.of(DwellDistribution.logNormal(75, 0.6, 35, 600),
                DwellDistribution.uniform(8, 25), DwellDistribution.exponential(8, 2, 60))) {
            SplittableRandom rnd = new SplittableRandom(1);
            List<Long> samples = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                long v = law.sample(rnd);
                assertTrue(v >= law.minMillis() && v <= law.maxMillis(), law + " drew " + v);
                samples.add(v);
            }
            double d = ShopperPlannerTest.ksDistance(samples, law);
            assertTrue(d < 1.95 / Math.sqrt(samples.size()), law + ": KS distance " + d);
            assertEquals(law.medianMillis(), ShopperPlannerTest.median(samples), 0.03 * law.medianMillis(),
                    law + " median");
        }
        assertEquals(75_000, DwellDistribution.logNormal(75, 0.6, 35, 600).medianMillis(), 1);
    }

    @Test
    void aLawWithoutItsParametersIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> DwellDistribution.uniform(10, 5));
        assertThrows(IllegalArgumentException.class, () -> DwellDistribution.logNormal(0, 0.5, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> DwellDistribution.logNormal(5, 0, 1, 10));
    }
}
