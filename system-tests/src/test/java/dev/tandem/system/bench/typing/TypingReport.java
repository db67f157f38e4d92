package dev.tandem.system.bench.typing;

/** The benchmark's report, as markdown: notes, and tables with one row per system and cell. */
final class TypingReport {
    private static final String HEADER = "| system | D×C×R | offered → delivered /s | kst/op | ack p50 / p90 / p99 / p99.9 / max"
            + " | fan-out p50 / p90 / p99 / p99.9 / max | gen lag p99 | CPU % of one core | server core-ms / kst"
            + " | errors | converged | load1 | note |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    private final StringBuilder out = new StringBuilder();

    void heading(String text) {
        print("# " + text);
        print("");
    }

    void note(String text) {
        print("- " + text);
    }

    void table(String title) {
        print("");
        print("## " + title);
        print("");
        print(HEADER);
    }

    void row(TypingResult r, String loadAverage) {
        row(r, loadAverage, "");
    }

    void row(TypingResult r, String loadAverage, String note) {
        String load1 = loadAverage.split(" ")[0];
        if (r.aborted() != null) {
            print("| " + r.system() + " | " + r.workload().label() + " | – | – | – | – | – | – | – | – | aborted | "
                    + load1 + " | " + escape(r.aborted() + (note.isEmpty() ? "" : "; " + note)) + " |");
            return;
        }
        print("| " + String.join(" | ", r.system(), r.workload().label(),
                Figures.one(r.offered()) + " → " + Figures.one(r.delivered()), Figures.ms(r.keystrokesPerWireOp()),
                r.ack().percentiles(), r.fanout().percentiles(), Figures.ms(r.timerLag().p99()), r.cpuLine(),
                Figures.ms(r.serverCpuMsPerKeystroke()),
                r.errors() == 0 ? "0" : r.errors() + " (" + escape(r.errorSamples()) + ")",
                r.verdict().startsWith(TypingResult.CONVERGED) ? "yes" : escape(r.verdict()), load1, escape(note))
                + " |");
    }

    /** One line for the console while the benchmark runs. */
    static String summary(TypingResult r) {
        if (r.aborted() != null) {
            return "aborted: " + r.aborted();
        }
        return String.format("offered %s -> delivered %s /s, kst/op %s, ack %s, fan-out %s, lag p99 %s, cpu %s,"
                        + " errors %d, %s", Figures.one(r.offered()), Figures.one(r.delivered()),
                Figures.ms(r.keystrokesPerWireOp()), r.ack().percentiles(), r.fanout().percentiles(),
                Figures.ms(r.timerLag().p99()), r.cpuLine(), r.errors(), r.verdict());
    }

    String text() {
        return out.toString();
    }

    private void print(String line) {
        System.out.println(line);
        out.append(line).append('\n');
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
