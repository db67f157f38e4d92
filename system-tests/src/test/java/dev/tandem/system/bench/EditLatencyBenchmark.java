package dev.tandem.system.bench;

import dev.tandem.protocol.history.DocumentState;
import dev.tandem.testsupport.ServiceProcess;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system's edit latency and throughput: the packaged services as processes, a real broker and database,
 * simulated people typing over real WebSockets. Not a test (the name matches neither *Test nor *IT, so
 * {@code mvn verify} never runs it); run it by hand, see docs/benchmarks.md:
 * <pre>./mvnw -pl system-tests verify -Dit.test=EditLatencyBenchmark</pre>
 * It prints figures and asserts only correctness (every client and PostgreSQL end with the same text), never a
 * timing.
 */
class EditLatencyBenchmark {
    private static final Path REPORT = Path.of("target", "benchmarks", "edit-latency.txt");
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(2);

    private final StringBuilder out = new StringBuilder();

    /** A load: documents x typists, each typing at {@code keysPerSecond} (0: as fast as its acks come back). */
    private record Scenario(String name, int documents, int typistsPerDocument, double keysPerSecond,
                            Duration warmUp, Duration measured) {
        boolean closedLoop() {
            return keysPerSecond <= 0;
        }
    }

    @Test
    void measure() throws Exception {
        Duration warmUp = Duration.ofSeconds(10);
        Duration measured = Duration.ofSeconds(30);
        List<Scenario> scenarios = List.of(
                // not reported: five freshly started JVMs are still JIT-compiling for a minute or more, and on two
                // cores that would be measured as the first scenario's latency
                new Scenario("system warm-up (not reported)", 12, 3, 0, Duration.ofSeconds(30), Duration.ZERO),
                new Scenario("realistic: 8 keys/s each", 6, 3, 8, Duration.ofSeconds(15), Duration.ofSeconds(60)),
                // closed loop: each typist types its next key when its last is acknowledged, more typists each step
                new Scenario("saturating: type on ack", 6, 3, 0, warmUp, measured),
                new Scenario("saturating: type on ack, 2x typists", 12, 3, 0, warmUp, measured),
                new Scenario("saturating: type on ack, 4x typists", 24, 3, 0, warmUp, measured));
        print("# EditLatencyBenchmark, " + Instant.now());
        Machine.describe().forEach(this::print);
        print("load average before start: " + Machine.loadAverage());
        try (BenchmarkSystem system = BenchmarkSystem.start()) {
            print("Kafka: " + system.kafkaSource + "; PostgreSQL: " + system.postgresSource
                    + "; services: sequencer, snapshot, 2 gateways, each a JVM process (-Xmx512m, SerialGC)");
            for (Scenario scenario : scenarios) {
                run(system, scenario);
            }
            dumpMetrics(system);
        }
        print("load average after: " + Machine.loadAverage());
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, out, StandardCharsets.UTF_8);
        System.out.println("(also written to " + REPORT.toAbsolutePath() + ")");
    }

    private void run(BenchmarkSystem system, Scenario scenario) throws Exception {
        List<Typist> typists = new ArrayList<>();
        try {
            for (int d = 0; d < scenario.documents(); d++) {
                String docId = system.newDocument();
                for (int t = 0; t < scenario.typistsPerDocument(); t++) {
                    int gateway = (d + t) % system.gateways.size(); // each document is open on both gateways
                    Typist typist = new Typist(system.ws(gateway), gateway, docId, "typist-" + d + "-" + t,
                            31L * d + t);
                    typist.client.connect();
                    typists.add(typist);
                }
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> typists.stream().allMatch(t -> t.client.isSynchronized()));
            print("");
            print("## " + scenario.name() + ": " + scenario.documents() + " documents x "
                    + scenario.typistsPerDocument() + " typists = " + typists.size() + " WebSockets; warm-up "
                    + scenario.warmUp().toSeconds() + " s, measured " + scenario.measured().toSeconds() + " s");
            print("load average at start: " + Machine.loadAverage());

            AtomicBoolean typing = new AtomicBoolean(true);
            long start = System.nanoTime();
            long from = start + scenario.warmUp().toNanos();
            long to = from + scenario.measured().toNanos();
            Runnable stop = type(scenario, typists, typing);
            sleepUntil(from);
            Map<String, Double> before = serviceMetrics(system);
            int keysBefore = typists.stream().mapToInt(Typist::keystrokes).sum();
            sleepUntil(to);
            Map<String, Double> after = serviceMetrics(system);
            int keys = typists.stream().mapToInt(Typist::keystrokes).sum() - keysBefore;
            typing.set(false);
            stop.run();

            assertConverged(system, typists);
            if (scenario.measured().isZero()) {
                return;
            }
            report(scenario, typists, from, to, keys, before, after);
            print("load average at end: " + Machine.loadAverage());
        } finally {
            typists.forEach(t -> t.client.close());
        }
    }

    /** Starts the typing; returns what stops it. */
    private static Runnable type(Scenario scenario, List<Typist> typists, AtomicBoolean typing) {
        if (!scenario.closedLoop()) {
            ScheduledExecutorService keyboard = Executors.newScheduledThreadPool(2);
            long period = Math.round(1_000_000 / scenario.keysPerSecond());
            for (int i = 0; i < typists.size(); i++) {
                Typist typist = typists.get(i);
                long offset = period * i / typists.size(); // spread, not all in the same instant
                keyboard.scheduleAtFixedRate(typist::type, offset, period, TimeUnit.MICROSECONDS);
            }
            return () -> {
                keyboard.shutdownNow();
                awaitTermination(keyboard);
            };
        }
        var threads = Executors.newFixedThreadPool(typists.size());
        for (Typist typist : typists) {
            threads.submit(() -> {
                while (typing.get()) {
                    if (!typist.typeAndAwaitAck()) {
                        throw new IllegalStateException(typist.client.clientId() + ": no ack within 10 s");
                    }
                }
                return null;
            });
        }
        return () -> {
            threads.shutdown();
            awaitTermination(threads);
        };
    }

    /** The figures are of a working system: every client and PostgreSQL end at the same revision and text. */
    private static void assertConverged(BenchmarkSystem system, List<Typist> typists) {
        Map<String, List<Typist>> byDocument = typists.stream().collect(Collectors.groupingBy(t -> t.docId));
        await().atMost(Duration.ofSeconds(60)).until(() -> typists.stream().allMatch(t -> t.client.isSynchronized())
                && byDocument.values().stream().allMatch(doc ->
                doc.stream().map(t -> t.client.revision()).distinct().count() == 1));
        for (Typist typist : typists) {
            assertThat(typist.client.violations()).as(typist.client.clientId()).isEmpty();
            assertThat(typist.client.errors()).as(typist.client.clientId()).isEmpty();
        }
        byDocument.forEach((docId, doc) -> {
            String text = doc.get(0).client.text();
            int revision = doc.get(0).client.revision();
            doc.forEach(t -> assertThat(t.client.text()).as("text of %s", docId).isEqualTo(text));
            await().atMost(Duration.ofSeconds(60)).until(
                    () -> system.head(docId).map(DocumentState::revision).orElse(0) == revision);
            assertThat(system.head(docId).orElseThrow().text()).as("PostgreSQL's %s", docId).isEqualTo(text);
        });
    }

    private void report(Scenario scenario, List<Typist> typists, long from, long to, int keys,
                        Map<String, Double> before, Map<String, Double> after) {
        Histogram ack = histogram();
        Histogram remoteSame = histogram();
        Histogram remoteOther = histogram();
        long committed = 0;
        Map<String, List<Typist>> byDocument = typists.stream().collect(Collectors.groupingBy(t -> t.docId));
        for (Typist author : typists) {
            for (long[] a : author.acked()) {
                int revision = (int) a[0];
                long submitted = a[1];
                long acked = a[2];
                if (acked >= from && acked < to) {
                    committed++;
                }
                if (submitted < from || submitted >= to) {
                    continue;
                }
                ack.recordValue(micros(acked - submitted));
                for (Typist other : byDocument.get(author.docId)) {
                    if (other == author) {
                        continue;
                    }
                    long arrived = other.arrivedAt(revision);
                    assertThat(arrived).as("revision %d of %s at %s", revision, author.docId, other.client.clientId())
                            .isPositive();
                    Histogram remote = other.gateway == author.gateway ? remoteSame : remoteOther;
                    remote.recordValue(micros(arrived - submitted));
                }
            }
        }
        double seconds = (to - from) / 1e9;
        print(String.format("committed: %.0f ops/s (%d edits in %.0f s); typed: %.0f keys/s", committed / seconds,
                committed, seconds, keys / seconds));
        print(String.format("%-38s %8s %8s %8s %8s %8s %8s %9s", "latency (ms)", "p50", "p90", "p99", "p99.9", "max",
                "mean", "count"));
        line("edit -> own ack", ack);
        line("edit -> other client, same gateway", remoteSame);
        line("edit -> other client, other gateway", remoteOther);
        print("services' own timers over the measured window (mean = delta sum / delta count):");
        timer("gateway: submit arrival -> ack sent", "tandem_gateway_edit_ack_latency_seconds", before, after);
        timer("gateway: sequencer commit -> fan-out", "tandem_gateway_fanout_latency_seconds", before, after);
        timer("sequencer: batch received -> committed", "tandem_sequencer_sequencing_seconds", before, after);
        double sequenced = delta("tandem_sequencer_edits_sequenced_total", before, after);
        double batches = delta("tandem_sequencer_sequencing_seconds_count", before, after);
        if (batches > 0) {
            print(String.format("  sequencer: %.0f edits in %.0f batches (%.2f edits per transaction)", sequenced,
                    batches, sequenced / batches));
        }
    }

    private void line(String what, Histogram h) {
        print(String.format("%-38s %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %9d", what, ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()), h.getMean() / 1000, h.getTotalCount()));
    }

    private void timer(String what, String name, Map<String, Double> before, Map<String, Double> after) {
        double count = delta(name + "_count", before, after);
        double sum = delta(name + "_sum", before, after);
        double mean = count > 0 ? sum / count * 1000 : Double.NaN;
        print(String.format("  %-40s mean %7.2f ms over %.0f", what, mean, count));
    }

    private static double delta(String name, Map<String, Double> before, Map<String, Double> after) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }

    /** Every service's whole {@code /q/metrics} at the end, beside the report, for a closer look. */
    private static void dumpMetrics(BenchmarkSystem system) throws IOException {
        List<ServiceProcess> services = new ArrayList<>(system.gateways);
        services.add(system.sequencer);
        services.add(system.snapshot);
        for (ServiceProcess service : services) {
            Path file = REPORT.resolveSibling("metrics-" + service.log().getFileName().toString()
                    .replaceAll("\\.log$", "") + ".txt");
            Files.writeString(file, BenchmarkSystem.metricsText(service), StandardCharsets.UTF_8);
        }
    }

    /** The gateways' and the sequencer's Prometheus samples, each summed over its instances and labels. */
    private static Map<String, Double> serviceMetrics(BenchmarkSystem system) {
        List<ServiceProcess> services = new ArrayList<>(system.gateways);
        services.add(system.sequencer);
        return services.stream().flatMap(s -> BenchmarkSystem.metrics(s).entrySet().stream())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Double::sum));
    }

    private static Histogram histogram() {
        return new Histogram(MAX_LATENCY_MICROS, 3);
    }

    private static long micros(long nanos) {
        return Math.min(MAX_LATENCY_MICROS, Math.max(0, nanos / 1000));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    private void print(String line) {
        System.out.println(line);
        out.append(line).append('\n');
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000));
        }
    }

    private static void awaitTermination(java.util.concurrent.ExecutorService executor) {
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the typists did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
