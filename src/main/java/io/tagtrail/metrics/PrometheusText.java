package io.tagtrail.metrics;

import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.Map;

/** Writes metrics in the Prometheus text exposition format (version 0.0.4). */
public final class PrometheusText {
    private final StringBuilder sb = new StringBuilder(4096);

    public PrometheusText counter(String name, String help, long value) {
        return header(name, help, "counter").sample(name, "", value);
    }

    public PrometheusText gauge(String name, String help, double value) {
        return header(name, help, "gauge").sample(name, "", value);
    }

    /** One metric with one label whose values are the map's keys. */
    public PrometheusText labelled(String name, String help, String type, String label, Map<String, ? extends Number> values) {
        header(name, help, type);
        values.forEach((k, v) -> sample(name, "{" + label + "=\"" + escape(k) + "\"}", v.doubleValue()));
        return this;
    }

    /** A summary with the usual quantiles, in seconds, from a histogram in nanoseconds. */
    public PrometheusText summary(String name, String help, Histogram h) {
        header(name, help, "summary");
        for (double q : new double[]{0.5, 0.9, 0.99, 0.999}) {
            sample(name, "{quantile=\"" + q + "\"}", h.getTotalCount() == 0 ? Double.NaN
                    : h.getValueAtPercentile(q * 100) / 1e9);
        }
        sample(name + "_count", "", h.getTotalCount());
        sample(name + "_sum", "", h.getTotalCount() == 0 ? 0 : h.getMean() * h.getTotalCount() / 1e9);
        return this;
    }

    private PrometheusText header(String name, String help, String type) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    private PrometheusText sample(String name, String labels, double value) {
        sb.append(name).append(labels).append(' ');
        if (Double.isNaN(value)) {
            sb.append("NaN");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            sb.append((long) value);
        } else {
            sb.append(String.format(Locale.ROOT, "%.6g", value));
        }
        sb.append('\n');
        return this;
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
