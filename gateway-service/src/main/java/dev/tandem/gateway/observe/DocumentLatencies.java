package dev.tandem.gateway.observe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The client-perceived latency of each document (a submit's arrival to its ack being sent, as this gateway sees
 * it), so that the worst documents can be found: per interval, the {@value #WORST} documents with the highest p99
 * are gauges ({@code tandem_gateway_document_ack_p99_seconds}, with {@code count} and {@code max} beside), and
 * logged with their ids when their p99 is over {@code logAbove}.
 *
 * <p>A document id is a capability (whoever knows it can edit), and {@code /q/metrics} is served on the gateway's
 * port: the gauges name a document by the first 12 hex digits of the SHA-256 of its id ({@link #label}), which an
 * operator who has the id can compute; the log, which only operators read, has the ids. Memory: one recorder per
 * document with an ack in the current interval.
 */
public final class DocumentLatencies {

    private static final Logger LOG = Logger.getLogger(DocumentLatencies.class);
    static final int WORST = 5;
    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** One document's figures over an interval. */
    public record Worst(String docId, long count, double p99Seconds, double maxSeconds) {
    }

    private final Map<String, Recorder> recorders = new ConcurrentHashMap<>();
    private final MultiGauge p99;
    private final MultiGauge max;
    private final MultiGauge count;
    private final double logAboveSeconds;
    private volatile List<Worst> worst = List.of();

    public DocumentLatencies(MeterRegistry registry, double logAboveSeconds) {
        this.logAboveSeconds = logAboveSeconds;
        this.p99 = MultiGauge.builder("tandem.gateway.document.ack.p99").baseUnit("seconds")
                .description("p99 of submit-to-ack of the documents with the highest, over the last interval")
                .register(registry);
        this.max = MultiGauge.builder("tandem.gateway.document.ack.max").baseUnit("seconds")
                .description("Longest submit-to-ack of the same documents over the last interval").register(registry);
        this.count = MultiGauge.builder("tandem.gateway.document.ack.count")
                .description("Acks of the same documents over the last interval").register(registry);
    }

    /** From any thread: one ack of {@code docId}, {@code nanos} after its submit arrived. */
    public void record(String docId, long nanos) {
        recorders.computeIfAbsent(docId, id -> new Recorder(MAX_NANOS, 2))
                .recordValue(Math.max(0, Math.min(nanos, MAX_NANOS)));
    }

    /** Ends an interval: finds the worst documents of it, publishes and returns them. Call periodically. */
    public List<Worst> rotate() {
        List<Worst> all = new ArrayList<>();
        for (Map.Entry<String, Recorder> entry : recorders.entrySet()) {
            Histogram interval = entry.getValue().getIntervalHistogram();
            if (interval.getTotalCount() == 0) {
                recorders.remove(entry.getKey(), entry.getValue()); // quiet: forgotten until its next ack
                continue;
            }
            all.add(new Worst(entry.getKey(), interval.getTotalCount(),
                    interval.getValueAtPercentile(99) / 1e9, interval.getMaxValue() / 1e9));
        }
        all.sort(Comparator.comparingDouble(Worst::p99Seconds).reversed());
        List<Worst> top = List.copyOf(all.subList(0, Math.min(WORST, all.size())));
        worst = top;
        p99.register(rows(top, Worst::p99Seconds), true);
        max.register(rows(top, Worst::maxSeconds), true);
        count.register(rows(top, w -> (double) w.count()), true);
        top.stream().filter(w -> w.p99Seconds() > logAboveSeconds).forEach(w -> LOG.infof(
                "slow document %s: p99 submit-to-ack %.1f ms, max %.1f ms, %d acks in the last interval",
                w.docId(), w.p99Seconds() * 1000, w.maxSeconds() * 1000, w.count()));
        return top;
    }

    /** The worst documents of the last interval. */
    public List<Worst> worst() {
        return worst;
    }

    private static List<MultiGauge.Row<?>> rows(List<Worst> top, java.util.function.ToDoubleFunction<Worst> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Worst w : top) {
            double v = value.applyAsDouble(w);
            rows.add(MultiGauge.Row.of(Tags.of("document", label(w.docId())), () -> v));
        }
        return rows;
    }

    /** How a document is named in metrics: the first 12 hex digits of the SHA-256 of its id. */
    public static String label(String docId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(docId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
