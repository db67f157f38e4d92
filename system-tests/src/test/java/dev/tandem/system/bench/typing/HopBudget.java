package dev.tandem.system.bench.typing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern HOP = Pattern.compile(
            "^tandem_(gateway|sequencer)_hop_seconds_(sum|count)\\{[^}]*stage=\"(\\w+)\"[^}]*} ([0-9.eE+-]+)$");
    private static final List<String> ORDER = List.of("gateway publish", "sequencer queued", "sequencer decide",
            "sequencer commit", "gateway log", "gateway deliver");

    /** Each hop's total seconds and count at one moment. */
    record Sample(Map<String, double[]> hops) {
    }

    private final List<String> metricsUrls;

    /** {@code baseUrls}: the services whose {@code /q/metrics} to read (a gateway and a sequencer). */
    HopBudget(List<String> baseUrls) {
        this.metricsUrls = baseUrls.stream().map(url -> url.replaceAll("/+$", "") + "/q/metrics").toList();
    }

    Sample sample() {
        Map<String, double[]> hops = new LinkedHashMap<>();
        for (String url : metricsUrls) {
            String body;
            try {
                body = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                continue; // a service that does not answer: its hops are missing from the line, which says so
            }
            body.lines().forEach(line -> {
                Matcher m = HOP.matcher(line);
                if (m.matches()) {
                    double[] sumCount = hops.computeIfAbsent(m.group(1) + " " + m.group(3), k -> new double[2]);
                    sumCount[m.group(2).equals("sum") ? 0 : 1] += Double.parseDouble(m.group(4));
                }
            });
        }
        return new Sample(hops);
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
        return "mean ms per hop: " + String.join(", ", parts);
    }
}
