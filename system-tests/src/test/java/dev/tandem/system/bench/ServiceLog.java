package dev.tandem.system.bench;

import dev.tandem.testsupport.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines a service logged after a mark, with their timestamps (Quarkus' console format starts each line with
 * {@code yyyy-MM-dd HH:mm:ss,SSS} in the local time zone; the services run on this machine, so on its clock).
 */
public final class ServiceLog {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    public static final Pattern ASSIGNED = Pattern.compile("assigned partitions \\[([0-9, ]*)]");
    static final Pattern REBUILT = Pattern.compile("rebuilt partition (\\d+) in (\\d+) ms from (\\d+) checkpoint "
            + "records and (\\d+) records of tandem.ops \\(offsets (\\d+) to (\\d+); partitions (\\[[0-9, ]*]) rebuilt together\\)");

    /** A log line: when it was written (epoch millis) and its text. */
    public record Line(long at, String text) {
        public Optional<Matcher> match(Pattern pattern) {
            Matcher m = pattern.matcher(text);
            return m.find() ? Optional.of(m) : Optional.empty();
        }
    }

    /**
     * One partition's rebuild as the sequencer logged it; {@code millis} is the time of the whole rebuild it was
     * part of ({@code together}: the partitions read together, see {@link #millis(List)}).
     */
    public record Rebuild(long at, int partition, long millis, long checkpoints, long ops, long from, long to,
                          String together) {
        static Optional<Rebuild> of(Line line) {
            return line.match(REBUILT).map(m -> new Rebuild(line.at(), Integer.parseInt(m.group(1)),
                    Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5)), Long.parseLong(m.group(6)), m.group(7)));
        }

        @Override
        public String toString() {
            return String.format("p%d %d ms (%d checkpoints + %,d ops, offsets %,d..%,d)", partition, millis,
                    checkpoints, ops, from, to);
        }
    }

    private ServiceLog() {
    }

    /** The time spent rebuilding: each rebuild (partitions read together) counted once. */
    public static long millis(List<Rebuild> rebuilds) {
        long total = 0;
        String round = null;
        for (Rebuild rebuild : rebuilds) {
            // the lines of one rebuild are logged one after the other, with the same partitions and time
            String key = rebuild.together() + "/" + rebuild.millis();
            if (!key.equals(round)) {
                total += rebuild.millis();
                round = key;
            }
        }
        return total;
    }

    /** Where the log ends now: a mark for {@link #since}. */
    public static long mark(ServiceProcess service) {
        try {
            return Files.exists(service.log()) ? Files.size(service.log()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The timestamped lines written after {@code mark}. */
    public static List<Line> since(ServiceProcess service, long mark) {
        try {
            byte[] all = Files.readAllBytes(service.log());
            String text = new String(all, (int) Math.min(mark, all.length), (int) Math.max(0, all.length - mark),
                    StandardCharsets.UTF_8);
            List<Line> lines = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.length() > 23 && Character.isDigit(line.charAt(0))) {
                    try {
                        long at = LocalDateTime.parse(line.substring(0, 23), STAMP).atZone(ZoneId.systemDefault())
                                .toInstant().toEpochMilli();
                        lines.add(new Line(at, line.substring(24)));
                    } catch (RuntimeException notAStamp) {
                        // a continuation line (a stack trace): no time of its own
                    }
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Rebuild> rebuilds(List<Line> lines) {
        return lines.stream().map(Rebuild::of).flatMap(Optional::stream).toList();
    }
}
