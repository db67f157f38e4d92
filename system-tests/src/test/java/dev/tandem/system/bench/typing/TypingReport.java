package dev.tandem.system.bench.typing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The benchmark's report, as markdown: notes, and tables with one row per system and cell. Every line goes to the
 * console and to the report file at once, so a run cut short keeps what it measured.
 */
final class TypingReport {
    private static final String HEADER = "| system | D×C×R | offered → delivered /s | kst/op"
            + " | ack p50 / p90 / p99 / p99.9 / max | fan-out p50 / p90 / p99 / p99.9 / max | wire ack p50 / p99"
            + " | gen lag p99 | CPU % of one core | server core-ms / kst"
            + " | errors | converged | load1 | note |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    private final Path file;

    TypingReport(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void heading(String text) {
        print("# " + text);
        print("");
    }

    void note(String text) {
        print("- " + text);
    }

    void section(String title) {
        print("");
        print("### " + title);
        print("");
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
            print("| " + r.system() + " | " + r.workload().label() + " | – | – | – | – | – | – | – | – | – | aborted | "
                    + load1 + " | " + escape(r.aborted() + (note.isEmpty() ? "" : "; " + note)) + " |");
            return;
        }
        print("| " + String.join(" | ", r.system(), r.workload().label(),
                Figures.one(r.offered()) + " → " + Figures.one(r.delivered()), Figures.ms(r.keystrokesPerWireOp()),
                r.ack().percentiles(), r.fanout().percentiles(),
                Figures.ms(r.ackWire().p50()) + " / " + Figures.ms(r.ackWire().p99()), Figures.ms(r.timerLag().p99()),
                r.cpuLine(),
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
        return String.format("offered %s -> delivered %s /s, kst/op %s, ack %s, fan-out %s, wire ack %s,"
                        + " wire fan-out %s, lag p99 %s, cpu %s, errors %d, %s", Figures.one(r.offered()),
                Figures.one(r.delivered()),
                Figures.ms(r.keystrokesPerWireOp()), r.ack().percentiles(), r.fanout().percentiles(),
                r.ackWire().percentiles(), r.fanoutWire().percentiles(),
                Figures.ms(r.timerLag().p99()), r.cpuLine(), r.errors(), r.verdict());
    }

    private void print(String line) {
        System.out.println(line);
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
