package dev.tandem.system.bench.typing;

import org.HdrHistogram.Histogram;

/** A latency distribution in milliseconds, as both harnesses report it (HdrHistogram of µs, 3 digits). */
public record LatencySummary(long count, double p50, double p90, double p99, double p999, double max, double mean) {

    public static final LatencySummary NONE = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN);

    static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new LatencySummary(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()), micros.getMean() / 1000);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** {@code p50 / p90 / p99 / p99.9 / max}, three significant digits. */
    public String percentiles() {
        if (count == 0) {
            return "–";
        }
        return String.join(" / ", Figures.ms(p50), Figures.ms(p90), Figures.ms(p99), Figures.ms(p999),
                Figures.ms(max));
    }
}
