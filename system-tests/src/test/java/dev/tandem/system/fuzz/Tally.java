package dev.tandem.system.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * What a fuzz run saw, shared by its attacker threads: frames sent, outcomes counted by label, and every check
 * that failed, grouped by family and expectation with a few examples each.
 */
final class Tally {
    private static final int EXAMPLES = 3;

    private final AtomicLong frames = new AtomicLong();
    private final Map<String, LongAdder> outcomes = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> failureCounts = new ConcurrentSkipListMap<>();
    private final Map<String, List<String>> failureExamples = new ConcurrentHashMap<>();

    void sent() {
        frames.incrementAndGet();
    }

    long frames() {
        return frames.get();
    }

    void count(String label) {
        outcomes.computeIfAbsent(label, k -> new LongAdder()).increment();
    }

    /**
     * Counts {@code outcome} and checks it: {@code expectation} says in words what {@code ok} accepts. Returns
     * whether it held.
     */
    boolean expect(String family, String frame, Outcome outcome, Predicate<Outcome> ok, String expectation) {
        count(outcome.label());
        if (ok.test(outcome)) {
            return true;
        }
        fail(family, "expected " + expectation + ", got " + outcome, frame);
        return false;
    }

    /** The generic check: answered with a documented code, never a silent wait. */
    boolean answered(String family, String frame, Outcome outcome) {
        return expect(family, frame, outcome, Outcome::answered,
                "an error with a documented code or a close with 1007/1008/1009/1011/1013 within the window");
    }

    void fail(String family, String what, String example) {
        String key = family + ": " + what;
        failureCounts.computeIfAbsent(key, k -> new LongAdder()).increment();
        List<String> examples = failureExamples.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (examples) {
            if (examples.size() < EXAMPLES) {
                examples.add(example.length() > 160 ? example.substring(0, 160) + "... (" + example.length()
                        + " chars)" : example);
            }
        }
    }

    Map<String, Long> outcomes() {
        Map<String, Long> copy = new TreeMap<>();
        outcomes.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** Each failed check with its count and examples, one string each; empty when every check held. */
    List<String> failures() {
        List<String> lines = new ArrayList<>();
        failureCounts.forEach((key, count) -> lines.add(count.sum() + " x " + key + "\n      e.g. "
                + String.join("\n      e.g. ", failureExamples.get(key))));
        return lines;
    }
}
