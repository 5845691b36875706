package io.tagtrail.fidelity;

import io.tagtrail.core.TrafficWindows;
import io.tagtrail.fidelity.GroundTruth.TripPath;
import io.tagtrail.fidelity.GroundTruth.Visit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Scores detected visits, trips and traffic against ground truth with the metrics of DESIGN.md. */
public final class FidelityScorer {
    static final double IOU_THRESHOLD = 0.5;
    static final int MIN_TRUE_VISITORS = 5;

    private FidelityScorer() {
    }

    /**
     * @param counterZones  "store|zone" keys of counter zones
     * @param uniqueByCell  detected unique visitors by "store|zone|minuteMillis"
     */
    public static FidelityReport score(GroundTruth truth, List<Visit> detected, List<TripPath> detectedTrips,
                                       Set<String> counterZones, Map<String, Integer> uniqueByCell) {
        Map<String, List<Visit>> trueByKey = group(truth.visits());
        Map<String, List<Visit>> detByKey = group(detected);
        int matched = 0;
        List<Double> dwellErrors = new ArrayList<>();
        for (Map.Entry<String, List<Visit>> e : trueByKey.entrySet()) {
            List<Visit> det = detByKey.getOrDefault(e.getKey(), List.of());
            for (Visit[] pair : match(e.getValue(), det)) {
                matched++;
                Visit t = pair[0];
                if (counterZones.contains(t.storeId() + "|" + t.zoneId())) {
                    dwellErrors.add(Math.abs(t.dwellMillis() - pair[1].dwellMillis()) / 1000.0);
                }
            }
        }
        int trueCount = truth.visits().size();
        int detCount = detected.size();
        double precision = detCount == 0 ? 0 : matched / (double) detCount;
        double recall = trueCount == 0 ? 0 : matched / (double) trueCount;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        double[] errors = dwellErrors.stream().mapToDouble(Double::doubleValue).sorted().toArray();

        double pathError = pathError(truth.trips(), detectedTrips);

        Map<String, Set<String>> trueVisitors = new HashMap<>();
        for (Visit v : truth.visits()) {
            for (long m = TrafficWindows.startOf(v.enterMillis()); m < v.exitMillis(); m += TrafficWindows.MINUTE_MILLIS) {
                trueVisitors.computeIfAbsent(v.storeId() + "|" + v.zoneId() + "|" + m, k -> new HashSet<>())
                        .add(v.epc());
            }
        }
        double apeSum = 0;
        int cells = 0;
        for (Map.Entry<String, Set<String>> e : trueVisitors.entrySet()) {
            int t = e.getValue().size();
            if (t >= MIN_TRUE_VISITORS) {
                int d = uniqueByCell.getOrDefault(e.getKey(), 0);
                apeSum += Math.abs(d - t) / (double) t;
                cells++;
            }
        }
        return new FidelityReport(trueCount, detCount, matched, precision, recall, f1, errors.length,
                quantile(errors, 0.5), quantile(errors, 0.9), truth.trips().size(), pathError, cells,
                cells == 0 ? Double.NaN : 100 * apeSum / cells);
    }

    /** Pairs of (true, detected) visits of one tag in one zone, greedily by descending IoU, at IoU >= 0.5. */
    static List<Visit[]> match(List<Visit> truth, List<Visit> detected) {
        List<double[]> candidates = new ArrayList<>();
        for (int i = 0; i < truth.size(); i++) {
            for (int j = 0; j < detected.size(); j++) {
                double iou = iou(truth.get(i), detected.get(j));
                if (iou >= IOU_THRESHOLD) {
                    candidates.add(new double[]{iou, i, j});
                }
            }
        }
        candidates.sort((a, b) -> Double.compare(b[0], a[0]));
        boolean[] usedT = new boolean[truth.size()];
        boolean[] usedD = new boolean[detected.size()];
        List<Visit[]> pairs = new ArrayList<>();
        for (double[] c : candidates) {
            int i = (int) c[1];
            int j = (int) c[2];
            if (!usedT[i] && !usedD[j]) {
                usedT[i] = true;
                usedD[j] = true;
                pairs.add(new Visit[]{truth.get(i), detected.get(j)});
            }
        }
        return pairs;
    }

    static double iou(Visit a, Visit b) {
        long inter = Math.min(a.exitMillis(), b.exitMillis()) - Math.max(a.enterMillis(), b.enterMillis());
        if (inter <= 0) {
            return 0;
        }
        long union = Math.max(a.exitMillis(), b.exitMillis()) - Math.min(a.enterMillis(), b.enterMillis());
        return union == 0 ? 1 : inter / (double) union;
    }

    /** Mean normalised Levenshtein distance; each true trip is compared with the detected trip of the same tag
     * that overlaps it most in time (distance 1 when there is none). */
    static double pathError(List<TripPath> truth, List<TripPath> detected) {
        if (truth.isEmpty()) {
            return Double.NaN;
        }
        Map<String, List<TripPath>> byTag = new HashMap<>();
        for (TripPath d : detected) {
            byTag.computeIfAbsent(d.storeId() + "|" + d.epc(), k -> new ArrayList<>()).add(d);
        }
        double sum = 0;
        for (TripPath t : truth) {
            TripPath best = null;
            long bestOverlap = 0;
            for (TripPath d : byTag.getOrDefault(t.storeId() + "|" + t.epc(), List.of())) {
                long overlap = Math.min(t.endMillis(), d.endMillis()) - Math.max(t.startMillis(), d.startMillis());
                if (overlap > bestOverlap || best == null && overlap >= 0) {
                    best = d;
                    bestOverlap = overlap;
                }
            }
            sum += best == null ? 1.0 : normalisedLevenshtein(t.path(), best.path());
        }
        return sum / truth.size();
    }

    static double normalisedLevenshtein(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        if (n == 0 && m == 0) {
            return 0;
        }
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            for (int j = 1; j <= m; j++) {
                int cost = a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[m] / (double) Math.max(n, m);
    }

    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    private static Map<String, List<Visit>> group(List<Visit> visits) {
        Map<String, List<Visit>> m = new HashMap<>();
        for (Visit v : visits) {
            m.computeIfAbsent(v.storeId() + "|" + v.epc() + "|" + v.zoneId(), k -> new ArrayList<>()).add(v);
        }
        return m;
    }
}
