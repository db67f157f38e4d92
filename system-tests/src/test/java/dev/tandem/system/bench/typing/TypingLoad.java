package dev.tandem.system.bench.typing;

import dev.tandem.testsupport.ws.TandemTestClient;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The Tandem side of the typing benchmark: one {@link TypingWorkload} against a {@link TandemSystem}, with the
 * ShareDB harness's definitions (see {@code ../shared/peers/sharedb/README.md}): an absolute schedule per typist
 * that catches up when a timer is late, staggered first keystrokes, per-keystroke ack and fan-out latency, then a
 * drain and a convergence check against a fresh client's snapshot.
 */
final class TypingLoad {
    private static final Duration CONNECT = Duration.ofSeconds(60);
    private static final int KEYBOARD_THREADS = 2;
    private static final int CONNECT_ATTEMPTS = 3;

    private final TandemSystem system;

    TypingLoad(TandemSystem system) {
        this.system = system;
    }

    TypingResult run(TypingWorkload workload) throws InterruptedException {
        TypingMeasurement measurement = new TypingMeasurement();
        List<TypingClient> typists = new ArrayList<>();
        List<TypingClient.Document> documents = new ArrayList<>();
        try {
            for (int d = 0; d < workload.documents(); d++) {
                String docId = system.newDocument();
                TypingClient.Document document = new TypingClient.Document(workload.clientsPerDocument());
                documents.add(document);
                for (int c = 0; c < workload.clientsPerDocument(); c++) {
                    TypingClient typist = new TypingClient(system.gatewayWs(), docId, "typist-" + d + "-" + c,
                            document, measurement, 7919L * d + c);
                    typists.add(typist);
                    connect(typist.client);
                }
            }
            try {
                await().atMost(CONNECT).until(() -> typists.stream().allMatch(t -> t.client.isSynchronized()));
            } catch (ConditionTimeoutException e) {
                long joined = typists.stream().filter(t -> t.client.isSynchronized()).count();
                return TypingResult.aborted("Tandem", workload, joined + " of " + typists.size()
                        + " typists joined within " + CONNECT.toSeconds() + " s; errors: " + errorSamples(typists));
            }
            for (int d = 0; d < documents.size(); d++) {
                documents.get(d).initialLength = typists.get(d * workload.clientsPerDocument()).client.text().length();
            }
            return type(workload, measurement, typists, documents);
        } catch (RuntimeException e) {
            return TypingResult.aborted("Tandem", workload, typists.size() + " typists created, then " + e);
        } finally {
            typists.forEach(t -> t.client.close());
        }
    }

    /** Opens and joins; a connect that times out on a busy machine is tried again, up to three times in all. */
    private static void connect(TandemTestClient client) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.connect();
                return;
            } catch (RuntimeException e) {
                if (attempt >= CONNECT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private TypingResult type(TypingWorkload workload, TypingMeasurement measurement, List<TypingClient> typists,
                              List<TypingClient.Document> documents) throws InterruptedException {
        Map<String, Supplier<List<Long>>> processes = new LinkedHashMap<>(system.processes());
        long self = ProcessHandle.current().pid();
        processes.put("loadgen", () -> List.of(self));
        ProcessCpu cpu = new ProcessCpu(processes);

        double meanNanos = 1e9 / workload.ratePerClient();
        long start = System.nanoTime();
        long from = start + workload.warmUp().toNanos();
        long to = from + workload.measured().toNanos();
        measurement.window(from, to);
        ScheduledExecutorService keyboard = Executors.newScheduledThreadPool(KEYBOARD_THREADS);
        for (TypingClient typist : typists) {
            typist.nextAt = start + (long) (ThreadLocalRandom.current().nextDouble() * meanNanos); // staggered
            keyboard.schedule(() -> keystroke(keyboard, typist, workload, meanNanos, to),
                    typist.nextAt - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        sleepUntil(from);
        ProcessCpu.Sample before = cpu.sample();
        sleepUntil(to);
        ProcessCpu.Sample after = cpu.sample();
        keyboard.shutdownNow();
        keyboard.awaitTermination(10, TimeUnit.SECONDS);
        double seconds = (after.nanos() - before.nanos()) / 1e9;

        boolean quiescent = drain(workload, typists, documents);
        String verdict = converged(quiescent, typists, documents);
        long errors = typists.stream().mapToLong(t -> t.client.errors().size() + t.client.violations().size()
                + (t.client.isConnected() ? 0 : 1)).sum() + measurement.sendUnmatched.sum();
        double offered = measurement.typedInWindow.sum() / seconds;
        long wireOps = measurement.wireOpsInWindow.sum();
        return new TypingResult("Tandem", workload, offered, measurement.ackedInWindow.sum() / seconds,
                wireOps == 0 ? Double.NaN : (double) measurement.keystrokesInWireOpsInWindow.sum() / wireOps,
                LatencySummary.of(measurement.ack), LatencySummary.of(measurement.fanout),
                LatencySummary.of(measurement.ackWire), LatencySummary.of(measurement.fanoutWire),
                LatencySummary.of(measurement.timerLag), offered * (workload.clientsPerDocument() - 1),
                measurement.fanoutReceiptsInWindow.sum() / seconds, errors, errorSamples(typists), verdict,
                ProcessCpu.percent(before, after), null);
    }

    /** Types one keystroke and schedules the next on the absolute schedule: a late timer does not lower the rate. */
    private static void keystroke(ScheduledExecutorService keyboard, TypingClient typist, TypingWorkload workload,
                                  double meanNanos, long end) {
        if (System.nanoTime() >= end) {
            return;
        }
        typist.type(typist.nextAt);
        double jitter = workload.jitter();
        typist.nextAt += (long) (meanNanos * (1 - jitter + 2 * jitter * ThreadLocalRandom.current().nextDouble()));
        if (!keyboard.isShutdown()) {
            keyboard.schedule(() -> keystroke(keyboard, typist, workload, meanNanos, end),
                    typist.nextAt - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
    }

    /** Waits until nothing is pending, every op reached every other client and each document's clients agree. */
    private static boolean drain(TypingWorkload workload, List<TypingClient> typists,
                                 List<TypingClient.Document> documents) {
        int c = workload.clientsPerDocument();
        try {
            await().atMost(workload.drainTimeout()).pollInterval(Duration.ofMillis(20)).until(() ->
                    typists.stream().allMatch(TypingClient::idle)
                            && documents.stream().allMatch(d -> d.unseen.isEmpty())
                            && java.util.stream.IntStream.range(0, documents.size()).allMatch(d ->
                            typists.subList(d * c, (d + 1) * c).stream().map(t -> t.client.revision()).distinct()
                                    .count() == 1));
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Every typist's text and revision equal a fresh client's snapshot, and its length is initial + acked. */
    private String converged(boolean quiescent, List<TypingClient> typists, List<TypingClient.Document> documents) {
        int c = typists.size() / documents.size();
        int mismatched = 0;
        int lengthMismatches = 0;
        for (int d = 0; d < documents.size(); d++) {
            List<TypingClient> mine = typists.subList(d * c, (d + 1) * c);
            try (TandemTestClient fresh = TandemTestClient.of(system.gatewayWs(), mine.get(0).client.docId(),
                    "verifier").withoutMessageLog()) {
                fresh.connect();
                await().atMost(Duration.ofSeconds(20)).until(fresh::isSynchronized);
                String text = fresh.text();
                int revision = fresh.revision();
                mismatched += (int) mine.stream().filter(t -> !Objects.equals(t.client.text(), text)
                        || t.client.revision() != revision).count();
                TypingClient.Document document = documents.get(d);
                if (text.length() != document.initialLength + document.acked.get()) {
                    lengthMismatches++;
                }
            } catch (ConditionTimeoutException e) {
                mismatched += c;
            }
        }
        return quiescent && mismatched == 0 && lengthMismatches == 0 ? TypingResult.CONVERGED
                : "DIVERGED (quiescent " + quiescent + ", clients mismatched " + mismatched + ", length mismatches "
                + lengthMismatches + ")";
    }

    private static String errorSamples(List<TypingClient> typists) {
        return typists.stream().flatMap(t -> java.util.stream.Stream.concat(
                        t.client.errors().stream().map(e -> e.code() + ": " + e.message()),
                        t.client.violations().stream()))
                .distinct().limit(5).collect(Collectors.joining("; "));
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000));
        }
    }
}
