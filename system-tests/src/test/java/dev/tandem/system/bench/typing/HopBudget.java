package dev.tandem.system.bench.typing;

import dev.tandem.system.bench.BenchmarkSystem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a cell's milliseconds go: the hop timers the services expose (docs/operations.md, "Where a keystroke's
 * milliseconds go"), read from their {@code /q/metrics} before and after the cell. The mean of each hop over the
 * cell, in the order a keystroke meets them: gateway publish, sequencer queued, decide, commit, gateway log,
 * deliver (queued overlaps publish: both start at the gateway's send).
 */
final class HopBudget {
    private static final Pattern HOP = Pattern.compile(
            "^tandem_(gateway|sequencer)_hop_seconds_(sum|count)\\{[^}]*stage=\"(\\w+)\"[^}]*} ([0-9.eE+-]+)$");
    private static final List<String> ORDER = List.of("gateway publish", "sequencer queued", "sequencer decide",
            "sequencer commit", "gateway log", "gateway deliver");

    /** Each hop's total seconds and count at one moment, and the services that did not answer. */
    record Sample(Map<String, double[]> hops, List<String> unread) {
    }

    private final List<String> baseUrls;

    /** {@code baseUrls}: the services whose {@code /q/metrics} to read (a gateway and a sequencer). */
    HopBudget(List<String> baseUrls) {
        this.baseUrls = baseUrls;
    }

    Sample sample() {
        Map<String, double[]> hops = new LinkedHashMap<>();
        List<String> unread = new ArrayList<>();
        for (String url : baseUrls) {
            String body;
            try {
                body = BenchmarkSystem.metricsText(url);
            } catch (IllegalStateException e) {
                unread.add(url); // a service too busy to answer: the line says whose hops are missing
                continue;
            }
            add(hops, body);
        }
        return new Sample(hops, unread);
    }

    /** Adds the hop timers of one service's Prometheus text to {@code hops} ("gateway publish" to sum and count). */
    static void add(Map<String, double[]> hops, String prometheusText) {
        prometheusText.lines().forEach(line -> {
            Matcher m = HOP.matcher(line);
            if (m.matches()) {
                double[] sumCount = hops.computeIfAbsent(m.group(1) + " " + m.group(3), k -> new double[2]);
                sumCount[m.group(2).equals("sum") ? 0 : 1] += Double.parseDouble(m.group(4));
            }
        });
    }

    /** The mean of each hop between two samples, ms, as one line ("n/a" where nothing passed). */
    static String between(Sample before, Sample after) {
        List<String> parts = new ArrayList<>();
        for (String hop : ORDER) {
            double[] a = before.hops().getOrDefault(hop, new double[2]);
            double[] b = after.hops().get(hop);
            if (b == null || b[1] - a[1] <= 0) {
                parts.add(hop + " n/a");
            } else {
                parts.add(hop + " " + Figures.ms((b[0] - a[0]) / (b[1] - a[1]) * 1000));
            }
        }
        List<String> unread = new ArrayList<>(before.unread());
        after.unread().stream().filter(url -> !unread.contains(url)).forEach(unread::add);
        return "mean ms per hop: " + String.join(", ", parts)
                + (unread.isEmpty() ? "" : " (metrics not read from " + String.join(", ", unread) + ")");
    }
}
