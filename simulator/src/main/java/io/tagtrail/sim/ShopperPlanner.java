package io.tagtrail.sim;

import io.tagtrail.layout.StoreLayout;
import io.tagtrail.layout.ZoneKind;
import io.tagtrail.member.Member;
import io.tagtrail.model.TagKind;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plans every shopper of a run from the seed: Poisson arrivals, a walk between adjacent zones towards a few
 * targets (counters attract most), a stop or a pass-by at each counter, browsing in departments, often a checkout,
 * and out through an entrance. Staff badges walk the floor for the whole run.
 */
public final class ShopperPlanner {
    /** Member tiers and their shares among shoppers who are members. */
    static final String[] TIERS = {"basic", "silver", "gold", "vip"};
    static final double[] TIER_SHARE = {0.55, 0.25, 0.13, 0.07};
    static final String[] SEGMENTS = {"young-professional", "family", "senior", "student", "tourist"};
    /** Share of shoppers whose card is in the member directory; the rest carry anonymous cards. */
    static final double MEMBER_SHARE = 0.75;
    /** Chance that a shopper who reaches a counter stops there (the rest pass by). */
    static final double COUNTER_STOP_PROBABILITY = 0.65;

    private final StoreLayout layout;
    private final Scenario scenario;
    private final int[] entrances;
    private final int[] checkouts;
    private final int[] targets;
    private final double[] targetWeights;
    private final long storeBits;

    public ShopperPlanner(StoreLayout layout, Scenario scenario) {
        this.layout = layout;
        this.scenario = scenario;
        this.entrances = zonesOf(ZoneKind.ENTRANCE);
        this.checkouts = zonesOf(ZoneKind.CHECKOUT);
        if (entrances.length == 0) {
            throw new IllegalArgumentException("store " + layout.storeId() + " has no entrance zone to simulate");
        }
        List<Integer> t = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        for (int z = 0; z < layout.zoneCount(); z++) {
            double weight = switch (layout.zone(z).kind()) {
                case COUNTER -> 3.0;
                case DEPARTMENT, AISLE -> 2.0;
                case FITTING_ROOM -> 0.7;
                default -> 0.0;
            };
            if (weight > 0) {
                t.add(z);
                w.add(weight);
            }
        }
        this.targets = t.stream().mapToInt(Integer::intValue).toArray();
        this.targetWeights = w.stream().mapToDouble(Double::doubleValue).toArray();
        this.storeBits = (layout.storeId().hashCode() & 0xFFFFFL);
    }

    /** Every tag's plan, shoppers in arrival order followed by staff. */
    public List<ShopperPlan> plan() {
        SplittableRandom rnd = new SplittableRandom(scenario.seed());
        long start = scenario.start().toEpochMilli();
        long end = scenario.end().toEpochMilli();
        List<ShopperPlan> plans = new ArrayList<>();
        double meanGapMillis = scenario.shoppersPerHour() > 0 ? 3_600_000.0 / scenario.shoppersPerHour() : 0;
        long t = start;
        int serial = 0;
        while (meanGapMillis > 0) {
            t += (long) (-Math.log(1 - rnd.nextDouble()) * meanGapMillis);
            if (t >= end) {
                break;
            }
            serial++;
            plans.add(shopper(rnd, t, serial, member(rnd, serial)));
        }
        for (int s = 1; s <= scenario.staff(); s++) {
            plans.add(staff(rnd, start, end, s));
        }
        return plans;
    }

    private Member member(SplittableRandom rnd, int serial) {
        if (rnd.nextDouble() >= MEMBER_SHARE) {
            return null;
        }
        double u = rnd.nextDouble();
        int tier = 0;
        for (double acc = TIER_SHARE[0]; u > acc && tier < TIERS.length - 1; acc += TIER_SHARE[++tier]) {
            // walk the cumulative shares
        }
        String segment = SEGMENTS[rnd.nextInt(SEGMENTS.length)];
        return new Member(String.format("M%08d", scenario.seed() % 1000 * 100_000 + serial), TIERS[tier], segment);
    }

    private ShopperPlan shopper(SplittableRandom rnd, long arrival, int serial, Member member) {
        Walk walk = new Walk(arrival);
        int here = entrances[rnd.nextInt(entrances.length)];
        walk.stay(here, uniform(rnd, 3_000, 6_000));
        int stops = 2 + rnd.nextInt(5);
        for (int i = 0; i < stops; i++) {
            int target = pickTarget(rnd, here);
            here = walkTo(rnd, walk, here, target);
            walk.stay(here, dwellAt(rnd, here));
        }
        if (checkouts.length > 0 && rnd.nextDouble() < 0.6) {
            here = walkTo(rnd, walk, here, nearest(here, checkouts));
            walk.stay(here, uniform(rnd, 45_000, 180_000));
        }
        int exit = nearest(here, entrances);
        if (exit != here) {
            here = walkTo(rnd, walk, here, exit);
        }
        walk.stay(here, uniform(rnd, 3_000, 6_000));
        return walk.toPlan(TagKind.HEADER_GSRN_96, serial, member);
    }

    private ShopperPlan staff(SplittableRandom rnd, long start, long end, int serial) {
        Walk walk = new Walk(start);
        int here = targets[rnd.nextInt(targets.length)];
        walk.stay(here, uniform(rnd, 60_000, 600_000));
        while (walk.time < end) {
            here = walkTo(rnd, walk, here, pickTarget(rnd, here));
            walk.stay(here, uniform(rnd, 60_000, 900_000));
        }
        return walk.toPlan(TagKind.HEADER_GSRN_96, 0x00F0_0000 + serial,
                new Member(String.format("S%05d", serial), Member.STAFF_TIER, "staff"));
    }

    private long dwellAt(SplittableRandom rnd, int zone) {
        return switch (layout.zone(zone).kind()) {
            case COUNTER -> rnd.nextDouble() < COUNTER_STOP_PROBABILITY
                    ? clamp(logNormal(rnd, 75_000, 0.6), 35_000, 600_000)
                    : uniform(rnd, 8_000, 25_000);
            case DEPARTMENT, AISLE -> clamp(logNormal(rnd, 90_000, 0.7), 20_000, 900_000);
            case FITTING_ROOM -> uniform(rnd, 60_000, 300_000);
            case CHECKOUT -> uniform(rnd, 45_000, 180_000);
            default -> transit(rnd, zone);
        };
    }

    private long transit(SplittableRandom rnd, int zone) {
        return layout.zone(zone).kind() == ZoneKind.ESCALATOR ? uniform(rnd, 15_000, 25_000)
                : uniform(rnd, 6_000, 15_000);
    }

    /** Walks from {@code from} to {@code to} along a shortest path, staying briefly in every zone on the way. */
    private int walkTo(SplittableRandom rnd, Walk walk, int from, int to) {
        int[] route = shortestPath(rnd, from, to);
        for (int i = 1; i < route.length - 1; i++) {
            walk.stay(route[i], transit(rnd, route[i]));
        }
        return to;
    }

    private int pickTarget(SplittableRandom rnd, int here) {
        double total = 0;
        for (int i = 0; i < targets.length; i++) {
            total += targets[i] == here ? 0 : targetWeights[i];
        }
        double u = rnd.nextDouble() * total;
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] == here) {
                continue;
            }
            u -= targetWeights[i];
            if (u <= 0) {
                return targets[i];
            }
        }
        return targets[targets.length - 1] == here ? targets[0] : targets[targets.length - 1];
    }

    /** Breadth-first shortest path, ties broken at random. */
    int[] shortestPath(SplittableRandom rnd, int from, int to) {
        int n = layout.zoneCount();
        int[] parent = new int[n];
        Arrays.fill(parent, -2);
        parent[from] = -1;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(from);
        while (!queue.isEmpty()) {
            int z = queue.poll();
            if (z == to) {
                break;
            }
            int[] next = layout.neighbours(z).clone();
            for (int i = next.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int tmp = next[i];
                next[i] = next[j];
                next[j] = tmp;
            }
            for (int m : next) {
                if (parent[m] == -2) {
                    parent[m] = z;
                    queue.add(m);
                }
            }
        }
        if (parent[to] == -2) {
            throw new IllegalArgumentException("zone " + layout.zone(to).id() + " cannot be reached from "
                    + layout.zone(from).id() + " in store " + layout.storeId());
        }
        List<Integer> path = new ArrayList<>();
        for (int z = to; z != -1; z = parent[z]) {
            path.add(0, z);
        }
        return path.stream().mapToInt(Integer::intValue).toArray();
    }

    private int nearest(int from, int[] candidates) {
        int[] dist = new int[layout.zoneCount()];
        Arrays.fill(dist, -1);
        dist[from] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(from);
        while (!queue.isEmpty()) {
            int z = queue.poll();
            for (int m : layout.neighbours(z)) {
                if (dist[m] < 0) {
                    dist[m] = dist[z] + 1;
                    queue.add(m);
                }
            }
        }
        int best = candidates[0];
        for (int c : candidates) {
            if (dist[c] >= 0 && (dist[best] < 0 || dist[c] < dist[best])) {
                best = c;
            }
        }
        return best;
    }

    private int[] zonesOf(ZoneKind kind) {
        return layout.zones().stream().filter(z -> z.kind() == kind).mapToInt(z -> z.index()).toArray();
    }

    private static long uniform(SplittableRandom rnd, long min, long max) {
        return min + (long) (rnd.nextDouble() * (max - min));
    }

    private static long logNormal(SplittableRandom rnd, double medianMillis, double sigma) {
        double g = gaussian(rnd);
        return (long) (medianMillis * Math.exp(sigma * g));
    }

    static double gaussian(SplittableRandom rnd) {
        double u1 = 1 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }

    /** Accumulates consecutive stays; consecutive stays in one zone merge into one. */
    private final class Walk {
        long time;
        final List<int[]> zones = new ArrayList<>();
        final List<long[]> spans = new ArrayList<>();

        Walk(long start) {
            this.time = start;
        }

        void stay(int zone, long millis) {
            if (!zones.isEmpty() && zones.get(zones.size() - 1)[0] == zone) {
                spans.get(spans.size() - 1)[1] += millis;
            } else {
                zones.add(new int[]{zone});
                spans.add(new long[]{time, time + millis});
            }
            time += millis;
        }

        ShopperPlan toPlan(int header, int serial, Member member) {
            int n = zones.size();
            int[] z = new int[n];
            long[] enter = new long[n];
            long[] exit = new long[n];
            for (int i = 0; i < n; i++) {
                z[i] = zones.get(i)[0];
                enter[i] = spans.get(i)[0];
                exit[i] = spans.get(i)[1];
            }
            long hi = ((long) header << 56) | (0x14L << 48) | (storeBits << 24) | (scenario.seed() & 0xFFFFFFL);
            long lo = serial & 0xFFFFFFFFL;
            return new ShopperPlan(hi, lo, member, z, enter, exit);
        }
    }
}
