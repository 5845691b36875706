package io.tagtrail.sim;

import io.tagtrail.layout.StoreLayout;
import io.tagtrail.layout.ZoneKind;
import io.tagtrail.member.Member;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the planner makes shoppers do: where they may walk, how long they stay, when they come and who they are. */
class ShopperPlannerTest {
    @Test
    void everyPlannedPathStepsOnlyBetweenAdjacentZonesInEveryLayout() {
        Map<StoreLayout, Scenario> layouts = Map.of(
                SimFixtures.SAMPLE, SimFixtures.sampleDay(Duration.ofHours(8), 600, 1),
                SimFixtures.DEPARTMENT_STORE, SimFixtures.scenarioFile("department-store").scenario(),
                SimFixtures.SUPERMARKET, SimFixtures.scenarioFile("supermarket").scenario());
        layouts.forEach((layout, scenario) -> {
            List<ShopperPlan> plans = new ShopperPlanner(layout, scenario).plan();
            assertTrue(plans.size() > 1000, layout.storeId() + ": a store day has many shoppers: " + plans.size());
            int steps = 0;
            for (ShopperPlan p : plans) {
                int[] z = p.zones();
                for (int i = 1; i < z.length; i++) {
                    assertTrue(layout.adjacent(z[i - 1], z[i]), layout.storeId() + ": " + layout.zone(z[i - 1]).id()
                            + " -> " + layout.zone(z[i]).id() + " is not a step between adjacent zones");
                    assertEquals(p.exitMillis()[i - 1], p.enterMillis()[i], "no gap between zones");
                    steps++;
                }
                if (!p.isStaff()) {
                    assertEquals(ZoneKind.ENTRANCE, layout.zone(z[0]).kind(), "shoppers come in through an entrance");
                    assertEquals(ZoneKind.ENTRANCE, layout.zone(z[z.length - 1]).kind(),
                            "shoppers leave through an entrance");
                }
            }
            assertTrue(steps > 10_000, layout.storeId() + " steps checked: " + steps);
        });
    }

    @Test
    void sampledDwellTimesFollowEachZonesConfiguredDistribution() {
        Scenario scenario = SimFixtures.scenarioFile("department-store").scenario()
                .withShoppersPerHour(4000);
        scenario = new Scenario(scenario.name(), scenario.start(), scenario.duration(), scenario.seed(),
                new Arrivals(4000, scenario.arrivals().open(), scenario.arrivals().close(),
                        scenario.arrivals().hourlyProfile(), 0, 0),
                scenario.shoppers(), scenario.zoneKinds(), scenario.zones(), scenario.staff(), scenario.staffStay(),
                scenario.merchandise(), scenario.rf());
        StoreLayout layout = SimFixtures.DEPARTMENT_STORE;
        ShopperPlanner planner = new ShopperPlanner(layout, scenario);
        Map<String, List<Long>> samples = new HashMap<>();
        Map<String, DwellDistribution> laws = new HashMap<>();
        for (ShopperPlan p : planner.plan()) {
            if (p.isStaff()) {
                continue;
            }
            for (int i = 0; i < p.zones().length; i++) {
                int zone = p.zones()[i];
                ZoneBehaviour b = planner.behaviour(zone);
                DwellDistribution law = switch (p.purposes()[i]) {
                    case ShopperPlan.STOP, ShopperPlan.CHECKOUT -> b.stopDwell();
                    case ShopperPlan.PASS_BY -> b.passDwell();
                    case ShopperPlan.TRANSIT, ShopperPlan.ENTRANCE -> b.transitDwell();
                    default -> null;
                };
                if (law != null) {
                    String key = layout.zone(zone).id() + "/" + p.purposes()[i];
                    samples.computeIfAbsent(key, k -> new ArrayList<>()).add(p.exitMillis()[i] - p.enterMillis()[i]);
                    laws.put(key, law);
                }
            }
        }
        int tested = 0;
        for (var e : samples.entrySet()) {
            List<Long> dwell = e.getValue();
            if (dwell.size() < 1000) {
                continue;
            }
            DwellDistribution law = laws.get(e.getKey());
            double d = ksDistance(dwell, law);
            // Kolmogorov-Smirnov critical value at alpha = 0.001
            double bound = 1.95 / Math.sqrt(dwell.size());
            assertTrue(d < bound, e.getKey() + ": KS distance " + d + " over " + dwell.size() + " samples exceeds "
                    + bound + " for " + law);
            tested++;
        }
        assertTrue(tested >= 20, "zone/purpose pairs with at least 1000 samples: " + tested);
        List<Long> watches = samples.get("c-watches/" + ShopperPlan.STOP);
        List<Long> cosmetics = samples.get("c-cosmetics/" + ShopperPlan.STOP);
        assertTrue(median(watches) > 1.5 * median(cosmetics), "a counter's own dwell applies: watches "
                + median(watches) + " ms vs cosmetics " + median(cosmetics) + " ms");
        assertTrue(cosmetics.size() > 2 * watches.size(), "a counter's own attraction applies");
    }

    @Test
    void arrivalsFollowOpeningHoursAndTheHourlyProfile() {
        Scenario scenario = SimFixtures.scenarioFile("department-store").scenario().withShoppersPerHour(3000);
        StoreLayout layout = SimFixtures.DEPARTMENT_STORE;
        ZoneId tz = ZoneId.of(layout.timezone());
        int[] perHour = new int[24];
        for (ShopperPlan p : new ShopperPlanner(layout, scenario).plan()) {
            if (!p.isStaff()) {
                perHour[Instant.ofEpochMilli(p.arrivalMillis()).atZone(tz).getHour()]++;
            }
        }
        double[] profile = scenario.arrivals().hourlyProfile();
        double meanWeight = 0;
        for (int h = 10; h < 20; h++) {
            meanWeight += profile[h] / 10;
        }
        for (int h = 0; h < 24; h++) {
            if (h < 10 || h >= 20) {
                assertEquals(0, perHour[h], "nobody arrives at " + h + ":00, the store is closed");
                continue;
            }
            // a party of two counts twice: expected cards per hour = rate x weight x (1 + pair share)
            double expected = 3000 * profile[h] / meanWeight * (1 + scenario.arrivals().pairShare());
            assertTrue(Math.abs(perHour[h] - expected) < 0.08 * expected, h + ":00 had " + perHour[h]
                    + " arrivals, expected about " + expected);
        }
    }

    @Test
    void membersTiersPairsCheckoutsAndStaffFollowTheScenario() {
        Scenario scenario = SimFixtures.sampleDay(Duration.ofHours(8), 2000, 3);
        StoreLayout layout = SimFixtures.SAMPLE;
        List<ShopperPlan> plans = new ShopperPlanner(layout, scenario).plan();
        int shoppers = 0;
        int members = 0;
        int companions = 0;
        int checkedOut = 0;
        int staff = 0;
        Map<String, Integer> tiers = new HashMap<>();
        ShopperPlan previous = null;
        for (ShopperPlan p : plans) {
            if (p.isStaff()) {
                staff++;
                assertEquals(scenario.start().toEpochMilli(), p.arrivalMillis(), "staff are in from the start");
                assertTrue(p.departureMillis() >= scenario.end().toEpochMilli(), "staff stay all day");
                continue;
            }
            shoppers++;
            Member m = p.member();
            if (m != null) {
                members++;
                tiers.merge(m.tier(), 1, Integer::sum);
            }
            if (previous != null && previous.zones() == p.zones()) {
                companions++;
                long lag = p.arrivalMillis() - previous.arrivalMillis();
                assertTrue(lag > 0 && lag <= scenario.arrivals().pairLagMaxMillis() + 1, "a companion follows by "
                        + lag + " ms");
                assertEquals(p.departureMillis() - previous.departureMillis(), lag, "and walks the same path");
            }
            boolean paid = false;
            for (int i = 0; i < p.purposes().length; i++) {
                if (p.purposes()[i] == ShopperPlan.CHECKOUT) {
                    paid = true;
                    for (int j = i + 1; j < p.purposes().length; j++) {
                        assertTrue(p.purposes()[j] == ShopperPlan.TRANSIT || p.purposes()[j] == ShopperPlan.ENTRANCE,
                                "after paying a shopper only walks out");
                    }
                }
            }
            checkedOut += paid ? 1 : 0;
            previous = p;
        }
        assertEquals(scenario.staff(), staff);
        assertTrue(shoppers > 15_000, "shoppers " + shoppers);
        assertEquals(0.75, members / (double) shoppers, 0.02, "member share");
        assertEquals(0.55, tiers.get("basic") / (double) members, 0.02, "basic tier share");
        assertEquals(0.07, tiers.get("vip") / (double) members, 0.01, "vip tier share");
        double parties = shoppers - companions;
        assertEquals(0.15, companions / parties, 0.02, "share of parties that are pairs");
        assertEquals(0.6, checkedOut / (double) shoppers, 0.02, "checkout share");
    }

    @Test
    void thePeakScenarioHasMoreThanFiveThousandShoppersInsideAtOnce() {
        ScenarioFile peak = SimFixtures.scenarioFile("peak-5000");
        Simulator simulator = SimFixtures.simulator(SimFixtures.layout("department-store"), peak.scenario(), "impinj");
        assertTrue(simulator.peakShoppersInside() >= 5000, "peak inside: " + simulator.peakShoppersInside());
    }

    /** Kolmogorov-Smirnov distance between whole-millisecond samples and the law they were drawn from. */
    static double ksDistance(List<Long> samples, DwellDistribution law) {
        long[] s = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = s.length;
        double d = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && s[j] == s[i]) {
                j++;
            }
            // a sample is a dwell truncated to the millisecond: P(sample <= v) = F(v + 1)
            d = Math.max(d, Math.abs(j / (double) n - law.cdf(s[i] + 1 - 1e-9)));
            d = Math.max(d, Math.abs(i / (double) n - law.cdf(s[i] - 1e-9)));
            i = j;
        }
        return d;
    }

    static double median(List<Long> values) {
        long[] s = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return s[s.length / 2];
    }
}
