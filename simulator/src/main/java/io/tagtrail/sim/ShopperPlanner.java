package io.tagtrail.sim;

import io.tagtrail.layout.StoreLayout;
import io.tagtrail.layout.Zone;
import io.tagtrail.layout.ZoneKind;
import io.tagtrail.member.Member;
import io.tagtrail.model.TagKind;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plans every tag of a run from the seed: Poisson arrivals shaped by opening hours and an hourly profile, some
 * in pairs; a walk that only ever steps between adjacent zones, towards targets drawn by attraction (a stop or a
 * pass-by, with each zone's own dwell distribution); a checkout before leaving for most; out through the nearest
 * entrance. Staff badges walk the floor for the whole run; merchandise lies at its zone.
 */
public final class ShopperPlanner {
    private final StoreLayout layout;
    private final Scenario scenario;
    private final ZoneBehaviour[] behaviour;
    private final int[] entrances;
    private final int[] checkouts;
    private final int[] targets;
    private final double[] targetWeights;
    private final int[][] distance;
    private final long storeBits;
    private final ZoneRules timezone;

    public ShopperPlanner(StoreLayout layout, Scenario scenario) {
        this.layout = layout;
        this.scenario = scenario;
        int n = layout.zoneCount();
        for (String id : scenario.zones().keySet()) {
            if (layout.zoneIndex(id) < 0) {
                throw new IllegalArgumentException("scenario " + scenario.name() + " sets zone " + id
                        + ", which store " + layout.storeId() + " does not have");
            }
        }
        this.behaviour = new ZoneBehaviour[n];
        for (Zone z : layout.zones()) {
            behaviour[z.index()] = scenario.behaviour(z.id(), z.kind());
        }
        this.entrances = zonesOf(ZoneKind.ENTRANCE);
        this.checkouts = zonesOf(ZoneKind.CHECKOUT);
        if (entrances.length == 0) {
            throw new IllegalArgumentException("store " + layout.storeId() + " has no entrance zone to simulate");
        }
        this.targets = java.util.stream.IntStream.range(0, n).filter(z -> behaviour[z].attraction() > 0).toArray();
        this.targetWeights = Arrays.stream(targets).mapToDouble(z -> behaviour[z].attraction()).toArray();
        this.distance = distances(layout);
        for (int t : targets) {
            if (distance[entrances[0]][t] < 0) {
                throw new IllegalArgumentException("zone " + layout.zone(t).id() + " cannot be reached from "
                        + layout.zone(entrances[0]).id() + " in store " + layout.storeId());
            }
        }
        this.storeBits = layout.storeId().hashCode() & 0xFFFFFL;
        this.timezone = ZoneId.of(layout.timezone()).getRules();
    }

    /** How shoppers treat a zone in this run. */
    public ZoneBehaviour behaviour(int zone) {
        return behaviour[zone];
    }

    /** Every shopper's plan in arrival order (a companion right after the shopper it follows), then staff. */
    public List<ShopperPlan> plan() {
        SplittableRandom rnd = new SplittableRandom(scenario.seed());
        long start = scenario.start().toEpochMilli();
        long end = scenario.end().toEpochMilli();
        Arrivals arrivals = scenario.arrivals();
        double maxRate = 0;
        for (int s = 0; s < 86_400; s += 60) {
            maxRate = Math.max(maxRate, arrivals.ratePerHour(s));
        }
        List<ShopperPlan> plans = new ArrayList<>();
        int serial = 0;
        double meanGapMillis = maxRate > 0 ? 3_600_000.0 / maxRate : 0;
        long t = start;
        while (meanGapMillis > 0) {
            t += (long) (-Math.log(1 - rnd.nextDouble()) * meanGapMillis);
            if (t >= end) {
                break;
            }
            if (rnd.nextDouble() * maxRate >= arrivals.ratePerHour(localSecondOfDay(t))) {
                continue;
            }
            ShopperPlan shopper = shopper(rnd, t, ++serial, member(rnd, serial));
            plans.add(shopper);
            if (rnd.nextDouble() < arrivals.pairShare()) {
                long lag = 1 + (long) (rnd.nextDouble() * arrivals.pairLagMaxMillis());
                plans.add(companion(shopper, lag, ++serial, member(rnd, serial)));
            }
        }
        for (int s = 1; s <= scenario.staff(); s++) {
            plans.add(staff(rnd, start, end, s));
        }
        return plans;
    }

    /** Tagged merchandise lying in zones for the whole run: read, counted and ignored by the service. */
    public List<ShopperPlan> merchandise() {
        List<ShopperPlan> items = new ArrayList<>();
        long start = scenario.start().toEpochMilli();
        long end = scenario.end().toEpochMilli();
        long hi = ((long) TagKind.HEADER_SGTIN_96 << 56) | (0x3L << 53) | (storeBits << 20)
                | (scenario.seed() & 0xFFFFFL);
        int serial = 0;
        for (Zone zone : layout.zones()) {
            for (int i = 0; i < scenario.merchandise().get(zone.kind()); i++) {
                items.add(new ShopperPlan(hi, ++serial, null, new int[]{zone.index()}, new long[]{start},
                        new long[]{end}, new byte[]{ShopperPlan.OTHER}));
            }
        }
        return items;
    }

    long localSecondOfDay(long epochMillis) {
        int offset = timezone.getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
        return Math.floorMod(Math.floorDiv(epochMillis, 1000) + offset, 86_400L);
    }

    private Member member(SplittableRandom rnd, int serial) {
        ShopperMix mix = scenario.shoppers();
        if (rnd.nextDouble() >= mix.memberShare()) {
            return null;
        }
        double u = rnd.nextDouble();
        List<ShopperMix.Tier> tiers = mix.tiers();
        ShopperMix.Tier tier = tiers.get(tiers.size() - 1);
        double acc = 0;
        for (ShopperMix.Tier candidate : tiers) {
            acc += candidate.share();
            if (u < acc) {
                tier = candidate;
                break;
            }
        }
        String segment = mix.segments().get(rnd.nextInt(mix.segments().size()));
        return new Member("M" + scenario.seed() + "-" + serial, tier.name(), segment);
    }

    private ShopperPlan shopper(SplittableRandom rnd, long arrival, int serial, Member member) {
        Walk walk = new Walk(arrival);
        int here = entrances[rnd.nextInt(entrances.length)];
        walk.stay(here, behaviour[here].transitDwell().sample(rnd), ShopperPlan.ENTRANCE);
        ShopperMix mix = scenario.shoppers();
        int stops = mix.minTargets() + rnd.nextInt(mix.maxTargets() - mix.minTargets() + 1);
        for (int i = 0; i < stops; i++) {
            int target = pickTarget(rnd, here);
            if (target < 0) {
                break;
            }
            here = walkTo(rnd, walk, here, target);
            ZoneBehaviour b = behaviour[here];
            if (rnd.nextDouble() < b.stopProbability()) {
                walk.stay(here, b.stopDwell().sample(rnd), ShopperPlan.STOP);
            } else {
                walk.stay(here, b.passDwell().sample(rnd), ShopperPlan.PASS_BY);
            }
        }
        if (checkouts.length > 0 && rnd.nextDouble() < mix.checkoutProbability()) {
            here = walkTo(rnd, walk, here, nearest(rnd, here, checkouts));
            walk.stay(here, behaviour[here].stopDwell().sample(rnd), ShopperPlan.CHECKOUT);
        }
        int exit = nearest(rnd, here, entrances);
        here = walkTo(rnd, walk, here, exit);
        walk.stay(here, behaviour[here].transitDwell().sample(rnd), ShopperPlan.ENTRANCE);
        return walk.toPlan(TagKind.HEADER_GSRN_96, serial, member);
    }

    /** A second card holder walking with a shopper, a little behind. */
    private ShopperPlan companion(ShopperPlan leader, long lagMillis, int serial, Member member) {
        long[] enter = leader.enterMillis().clone();
        long[] exit = leader.exitMillis().clone();
        for (int i = 0; i < enter.length; i++) {
            enter[i] += lagMillis;
            exit[i] += lagMillis;
        }
        return new ShopperPlan(leader.epcHi(), serial & 0xFFFFFFFFL, member, leader.zones(), enter, exit,
                leader.purposes());
    }

    private ShopperPlan staff(SplittableRandom rnd, long start, long end, int serial) {
        Walk walk = new Walk(start);
        int[] posts = targets.length > 0 ? targets : java.util.stream.IntStream.range(0, layout.zoneCount()).toArray();
        int here = posts[rnd.nextInt(posts.length)];
        DwellDistribution stay = scenario.staffStay();
        walk.stay(here, stay.sample(rnd), ShopperPlan.OTHER);
        while (walk.time < end && posts.length > 1) {
            int next = posts[rnd.nextInt(posts.length)];
            if (next != here) {
                here = walkTo(rnd, walk, here, next);
                walk.stay(here, stay.sample(rnd), ShopperPlan.OTHER);
            }
        }
        return walk.toPlan(TagKind.HEADER_GSRN_96, 0x00F0_0000 + serial,
                new Member(String.format("S%05d", serial), Member.STAFF_TIER, "staff"));
    }

    /** Walks from {@code from} to {@code to} along a shortest path, through every zone on the way. */
    private int walkTo(SplittableRandom rnd, Walk walk, int from, int to) {
        int[] route = route(rnd, from, to);
        for (int i = 1; i < route.length - 1; i++) {
            walk.stay(route[i], behaviour[route[i]].transitDwell().sample(rnd), ShopperPlan.TRANSIT);
        }
        return to;
    }

    private int pickTarget(SplittableRandom rnd, int here) {
        double total = 0;
        for (int i = 0; i < targets.length; i++) {
            total += targets[i] == here ? 0 : targetWeights[i];
        }
        if (total <= 0) {
            return -1;
        }
        double u = rnd.nextDouble() * total;
        int last = -1;
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] == here) {
                continue;
            }
            last = targets[i];
            u -= targetWeights[i];
            if (u < 0) {
                return targets[i];
            }
        }
        return last;
    }

    /**
     * A shortest route from {@code from} to {@code to}, both included: at each step one of the neighbours that is
     * one step closer, chosen at random, so shoppers spread over equally short routes.
     */
    int[] route(SplittableRandom rnd, int from, int to) {
        int steps = distance[from][to];
        if (steps < 0) {
            throw new IllegalArgumentException("zone " + layout.zone(to).id() + " cannot be reached from "
                    + layout.zone(from).id() + " in store " + layout.storeId());
        }
        int[] route = new int[steps + 1];
        route[0] = from;
        int here = from;
        int[] closer = new int[16];
        for (int s = 1; s <= steps; s++) {
            int count = 0;
            for (int m : layout.neighbours(here)) {
                if (distance[m][to] == steps - s) {
                    if (count == closer.length) {
                        closer = Arrays.copyOf(closer, count * 2);
                    }
                    closer[count++] = m;
                }
            }
            here = closer[count == 1 ? 0 : rnd.nextInt(count)];
            route[s] = here;
        }
        return route;
    }

    /** The candidate fewest steps away; among equally near ones, one at random. */
    private int nearest(SplittableRandom rnd, int from, int[] candidates) {
        int bestSteps = Integer.MAX_VALUE;
        int ties = 0;
        int best = candidates[0];
        for (int c : candidates) {
            int steps = distance[from][c];
            if (steps < 0 || steps > bestSteps) {
                continue;
            }
            if (steps < bestSteps) {
                bestSteps = steps;
                ties = 0;
            }
            if (rnd.nextInt(++ties) == 0) {
                best = c;
            }
        }
        return best;
    }

    /** Steps between every two zones (breadth first), -1 where there is no way. */
    static int[][] distances(StoreLayout layout) {
        int n = layout.zoneCount();
        int[][] d = new int[n][];
        int[] queue = new int[n];
        for (int from = 0; from < n; from++) {
            int[] row = new int[n];
            Arrays.fill(row, -1);
            row[from] = 0;
            int head = 0;
            int tail = 0;
            queue[tail++] = from;
            while (head < tail) {
                int z = queue[head++];
                for (int m : layout.neighbours(z)) {
                    if (row[m] < 0) {
                        row[m] = row[z] + 1;
                        queue[tail++] = m;
                    }
                }
            }
            d[from] = row;
        }
        return d;
    }

    private int[] zonesOf(ZoneKind kind) {
        return layout.zones().stream().filter(z -> z.kind() == kind).mapToInt(Zone::index).toArray();
    }

    /** Accumulates consecutive stays; two stays in one zone in a row merge into one visit. */
    private final class Walk {
        long time;
        int n;
        int[] zones = new int[32];
        long[] enter = new long[32];
        long[] exit = new long[32];
        byte[] purposes = new byte[32];

        Walk(long start) {
            this.time = start;
        }

        void stay(int zone, long millis, byte purpose) {
            if (n > 0 && zones[n - 1] == zone) {
                exit[n - 1] += millis;
                purposes[n - 1] = ShopperPlan.OTHER;
            } else {
                if (n == zones.length) {
                    zones = Arrays.copyOf(zones, n * 2);
                    enter = Arrays.copyOf(enter, n * 2);
                    exit = Arrays.copyOf(exit, n * 2);
                    purposes = Arrays.copyOf(purposes, n * 2);
                }
                zones[n] = zone;
                enter[n] = time;
                exit[n] = time + millis;
                purposes[n] = purpose;
                n++;
            }
            time += millis;
        }

        ShopperPlan toPlan(int header, int serial, Member member) {
            long hi = ((long) header << 56) | (0x14L << 48) | (storeBits << 24) | (scenario.seed() & 0xFFFFFFL);
            return new ShopperPlan(hi, serial & 0xFFFFFFFFL, member, Arrays.copyOf(zones, n), Arrays.copyOf(enter, n),
                    Arrays.copyOf(exit, n), Arrays.copyOf(purposes, n));
        }
    }
}
