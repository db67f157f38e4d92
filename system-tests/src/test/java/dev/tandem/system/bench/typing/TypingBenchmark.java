package dev.tandem.system.bench.typing;

import dev.tandem.system.bench.Machine;
import dev.tandem.testsupport.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Issue 11's typing benchmark, Tandem side by side with ShareDB 7 (in-memory and sharedb-postgres) under one workload
 * in one window: the cells 1×10×5, 10×10×5, 1×50×5, the saturation sweep 20×5×R and authors on one document
 * (1×C×2.5). Not a test (neither *Test nor *IT: {@code mvn verify} never runs it); it prints one markdown report and
 * asserts nothing about speed. See docs/benchmarks.md:
 * <pre>./mvnw -o -pl system-tests -am verify -Dit.test=TypingBenchmark -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 * Properties: {@code typing.gateway} (attach to a running Tandem instead of starting one; {@code typing.sequencer}:
 * its sequencer's URL, for the sequencer's hops), {@code typing.systems},
 * {@code typing.parts}, {@code typing.warmup}, {@code typing.duration}, {@code typing.rates}, {@code typing.authors},
 * {@code typing.wait-idle} (seconds to wait for an idle machine before each run).
 */
class TypingBenchmark {
    private static final Path DIR = Path.of("target", "typing-benchmark").toAbsolutePath();
    private static final Path REPORT = Path.of("target", "benchmarks", "typing.md");
    private static final String TANDEM = "tandem";
    private static final String MEMORY = "sharedb-memory";
    private static final String POSTGRES = "sharedb-postgres";

    private final TypingReport report = new TypingReport(REPORT);
    private final Set<String> systems =
            new LinkedHashSet<>(list("typing.systems", MEMORY + "," + POSTGRES + "," + TANDEM));
    private final Set<String> parts =
            new LinkedHashSet<>(list("typing.parts", "first-minute,cells,saturation,authors"));
    private final Duration warmUp = Duration.ofSeconds(Long.getLong("typing.warmup", 5));
    private final Duration measured = Duration.ofSeconds(Long.getLong("typing.duration", 20));
    private final int waitIdleSeconds = Integer.getInteger("typing.wait-idle", 0);
    private ShareDbPeer sharedb;
    private TypingLoad tandem;
    private HopBudget hops;
    /** The hop lines of the Tandem cells of the table being printed, printed under it. */
    private final List<String> hopLines = new ArrayList<>();

    @Test
    void measure() throws Exception {
        Files.createDirectories(DIR);
        report.heading("Typing benchmark, Tandem side by side with ShareDB, " + Instant.now());
        Machine.describe().forEach(report::note);
        report.note("load average before start: " + Machine.loadAverage());
        report.note("workload: open loop, 1 character inserted at a random place per keystroke, intervals 1000/R ms"
                + " × U(0.5, 1.5), one op in flight per client, composing; warm-up " + warmUp.toSeconds()
                + " s, measured " + measured.toSeconds() + " s; latencies per keystroke, ms");
        if (systems.contains(MEMORY) || systems.contains(POSTGRES)) {
            sharedb = ShareDbPeer.find(ServiceProcess.projectRoot(), DIR);
            report.note(sharedb.describe());
        }
        List<Integer> authors = list("typing.authors", "100,200,400").stream().map(Integer::valueOf).toList();
        TandemSystem system = systems.contains(TANDEM) ? tandemSystem(authors) : null;
        try {
            if (system != null) {
                tandem = new TypingLoad(system);
                hops = new HopBudget(system.timedServices);
            }
            if (parts.contains("first-minute") && system != null) {
                firstMinute(system);
                printHops();
            }
            if (parts.contains("cells")) {
                report.table("Cells");
                for (TypingWorkload cell : List.of(cell(1, 10, 5), cell(10, 10, 5), cell(1, 50, 5))) {
                    everySystem(cell);
                }
                printHops();
            }
            if (parts.contains("saturation")) {
                saturation();
                printHops();
            }
            if (parts.contains("authors")) {
                report.table("Authors on one document, 1×C×2.5");
                for (int c : authors) {
                    everySystem(cell(1, c, 2.5));
                }
                printHops();
            }
        } finally {
            if (system != null) {
                system.close();
            }
        }
        report.note("load average after: " + Machine.loadAverage());
        System.out.println("(also written to " + REPORT.toAbsolutePath() + ")");
    }

    private TandemSystem tandemSystem(List<Integer> authors) {
        String gateway = System.getProperty("typing.gateway");
        if (gateway != null) {
            TandemSystem attached = TandemSystem.attach(gateway);
            report.note("Tandem: " + attached.description + "; its per-document connection cap is whatever it runs"
                    + " with (500 by default)");
            return attached;
        }
        int cap = Math.max(100, authors.stream().mapToInt(Integer::intValue).max().orElse(0));
        long from = System.nanoTime();
        TandemSystem started = TandemSystem.start(DIR, cap);
        report.note("Tandem: " + started.description + "; all ready in "
                + Figures.one((System.nanoTime() - from) / 1e9) + " s");
        return started;
    }

    /**
     * The first minute after start, timed: 10×10×5 from the moment the services are ready, no warm-up. It is also
     * the untimed warm-up of everything after it (the JVMs JIT-compile under load).
     */
    private void firstMinute(TandemSystem system) throws Exception {
        report.table("Tandem's first minute after start (timed, no warm-up) — then the warm-up of every later cell");
        TypingWorkload first = TypingWorkload.of(10, 10, 5, Duration.ZERO, Duration.ofSeconds(60));
        report.row(timed(first), Machine.loadAverage());
        report.table("Tandem again, warm, same cell (" + measured.toSeconds() + " s after " + warmUp.toSeconds()
                + " s warm-up)");
        report.row(timed(cell(10, 10, 5)), Machine.loadAverage());
    }

    /** 20×5×R, R doubling; each system stops at its first unsustainable step. */
    private void saturation() throws Exception {
        report.table("Saturation, 20×5×R (a step fails on: delivered < 95 % offered, offered < 95 % target,"
                + " fan-out p99 > 250 ms, any error, not converged)");
        Set<String> going = new LinkedHashSet<>(systems);
        for (String rate : list("typing.rates", "5,10,20,40,80,160,320")) {
            TypingWorkload step = cell(20, 5, Double.parseDouble(rate));
            for (String s : List.copyOf(going)) {
                TypingResult result = run(s, step);
                List<String> why = result.unsustainable();
                report.row(result, Machine.loadAverage(), why.isEmpty() ? "ok" : "fail: " + String.join("; ", why));
                if (!why.isEmpty()) {
                    going.remove(s);
                }
            }
            if (going.isEmpty()) {
                break;
            }
        }
    }

    private void everySystem(TypingWorkload cell) throws Exception {
        for (String s : systems) {
            report.row(run(s, cell), Machine.loadAverage());
        }
    }

    /** Under the table just printed: where the milliseconds of its Tandem cells went. */
    private void printHops() {
        if (!hopLines.isEmpty()) {
            report.section("Where Tandem's milliseconds went (the services' hop timers, docs/operations.md)");
            hopLines.forEach(report::note);
            hopLines.clear();
        }
    }

    private TypingResult run(String system, TypingWorkload workload) throws Exception {
        waitForIdle();
        String load = Machine.loadAverage();
        System.out.println("[typing] " + system + " " + workload.label() + " (load " + load + ")");
        TypingResult result = switch (system) {
            case TANDEM -> timed(workload);
            case MEMORY -> sharedb.run("memory", workload);
            case POSTGRES -> sharedb.run("postgres", workload);
            default -> throw new IllegalArgumentException("unknown system " + system);
        };
        System.out.println("[typing]   " + TypingReport.summary(result));
        return result;
    }

    /** A Tandem cell, and where its milliseconds went (the services' hop timers), noted after its row. */
    private TypingResult timed(TypingWorkload workload) throws InterruptedException {
        HopBudget.Sample before = hops.sample();
        TypingResult result = tandem.run(workload);
        hopLines.add(workload.label() + ": " + HopBudget.between(before, hops.sample()));
        return result;
    }

    /** With {@code typing.wait-idle=N}: up to N s for two 1 s samples in a row with under 15 % of a core busy. */
    private void waitForIdle() throws InterruptedException {
        ProcessCpu machine = new ProcessCpu(java.util.Map.of());
        long deadline = System.nanoTime() + waitIdleSeconds * 1_000_000_000L;
        int quiet = 0;
        while (System.nanoTime() < deadline && quiet < 2) {
            ProcessCpu.Sample a = machine.sample();
            Thread.sleep(1000); // a sampling interval, not a wait for a condition
            double busy = ProcessCpu.percent(a, machine.sample()).get("machine");
            quiet = busy < 15 ? quiet + 1 : 0;
        }
    }

    private TypingWorkload cell(int documents, int clients, double rate) {
        return TypingWorkload.of(documents, clients, rate, warmUp, measured);
    }

    private static List<String> list(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }
}
