package io.tagtrail.fidelity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How detected results compare with ground truth (DESIGN.md "Analytics fidelity").
 *
 * @param trafficMapePercent mean absolute percentage error of unique visitors per zone-minute, in percent, over
 *                           zone-minutes with at least 5 true visitors (NaN when there are none)
 */
public record FidelityReport(int trueVisits, int detectedVisits, int matchedVisits, double visitPrecision,
                             double visitRecall, double visitF1, int matchedCounterVisits,
                             double dwellMedianAbsErrSeconds, double dwellP90AbsErrSeconds, int trueTrips,
                             double pathEditDistance, int trafficCells, double trafficMapePercent) {

    /** The fields DESIGN.md names, plus the counts behind them, for JSON summaries. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("visit_f1", round(visitF1));
        m.put("visit_precision", round(visitPrecision));
        m.put("visit_recall", round(visitRecall));
        m.put("dwell_median_abs_err_s", round(dwellMedianAbsErrSeconds));
        m.put("dwell_p90_abs_err_s", round(dwellP90AbsErrSeconds));
        m.put("path_edit_distance", round(pathEditDistance));
        m.put("traffic_mape", round(trafficMapePercent));
        m.put("true_visits", trueVisits);
        m.put("detected_visits", detectedVisits);
        m.put("matched_visits", matchedVisits);
        m.put("matched_counter_visits", matchedCounterVisits);
        m.put("true_trips", trueTrips);
        m.put("traffic_zone_minutes", trafficCells);
        return m;
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "visit F1 %.3f (precision %.3f, recall %.3f; %d true, %d detected, %d matched)%n"
                        + "counter dwell abs error: median %.2f s, p90 %.2f s over %d matched counter visits%n"
                        + "path edit distance %.3f over %d trips%n"
                        + "traffic MAPE %.2f %% over %d zone-minutes with >= 5 true visitors",
                visitF1, visitPrecision, visitRecall, trueVisits, detectedVisits, matchedVisits,
                dwellMedianAbsErrSeconds, dwellP90AbsErrSeconds, matchedCounterVisits, pathEditDistance, trueTrips,
                trafficMapePercent, trafficCells);
    }

    private static Object round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10_000) / 10_000.0;
    }
}
