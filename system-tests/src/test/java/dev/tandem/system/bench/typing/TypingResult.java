package dev.tandem.system.bench.typing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One cell's figures, for either system, with the ShareDB harness's names: offered = keystrokes typed in the window /
 * window, delivered = keystrokes whose ack arrived in the window / window, latencies per keystroke in ms, CPU in % of
 * one core over the window (per server process, the load generator, the machine, other).
 *
 * @param aborted why the run gave no figures, or null
 */
public record TypingResult(String system, TypingWorkload workload, double offered, double delivered,
                           double keystrokesPerWireOp, LatencySummary ack, LatencySummary fanout,
                           LatencySummary ackWire, LatencySummary fanoutWire, LatencySummary timerLag,
                           double fanoutExpected, double fanoutDelivered, long errors, String errorSamples,
                           String verdict, Map<String, Double> cpu, String aborted) {

    public static final String CONVERGED = "CONVERGED";

    static TypingResult aborted(String system, TypingWorkload workload, String why) {
        return new TypingResult(system, workload, Double.NaN, Double.NaN, Double.NaN, LatencySummary.NONE,
                LatencySummary.NONE, LatencySummary.NONE, LatencySummary.NONE, LatencySummary.NONE, Double.NaN,
                Double.NaN, 0, "", "ABORTED", Map.of(), why);
    }

    /**
     * Why this step of a saturation sweep is not sustainable (empty: it is), the ShareDB harness's criterion:
     * delivered &lt; 95 % of offered, offered &lt; 95 % of target, fan-out p99 &gt; 250 ms, an error, not converged.
     */
    public List<String> unsustainable() {
        List<String> why = new ArrayList<>();
        if (aborted != null) {
            why.add("aborted: " + aborted);
            return why;
        }
        if (!(delivered >= 0.95 * offered)) {
            why.add("delivered < 95 % of offered");
        }
        if (!(offered >= 0.95 * workload.targetPerSecond())) {
            why.add("offered < 95 % of target (load generator behind)");
        }
        if (!(fanout.p99() <= 250)) {
            why.add("fan-out p99 " + Figures.ms(fanout.p99()) + " ms > 250");
        }
        if (errors > 0) {
            why.add(errors + " errors");
        }
        if (!CONVERGED.equals(verdict)) {
            why.add(verdict);
        }
        return why;
    }

    /** {@code name value, ...} for every CPU figure but the machine's. */
    public String cpuLine() {
        return cpu.entrySet().stream().filter(e -> !e.getKey().equals("machine"))
                .map(e -> e.getKey() + " " + Figures.one(e.getValue())).collect(Collectors.joining(", "));
    }

    /** CPU of every server-side process (broker and database included), % of one core. */
    public double serverCpu() {
        return cpu.entrySet().stream().filter(e -> !List.of("machine", "other", "loadgen").contains(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** Server CPU per delivered keystroke, in core-ms. */
    public double serverCpuMsPerKeystroke() {
        return serverCpu() / 100 * 1000 / delivered;
    }
}
