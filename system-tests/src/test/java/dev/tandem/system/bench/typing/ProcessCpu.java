package dev.tandem.system.bench.typing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time from {@code /proc}, as the ShareDB harness accounts it: per named group of processes (utime + stime of
 * {@code /proc/<pid>/stat}), every {@code postgres} process, the whole machine (busy ticks of {@code /proc/stat}),
 * and "other" = machine − every group; all in % of one core over a window. A group's share is summed per pid over
 * the pids in the later sample (a pid that was not in the earlier one counts whole), so a process that exits inside
 * the window (a PostgreSQL backend) is left out rather than making the figure negative.
 */
final class ProcessCpu {
    /** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
    private static final double TICKS_PER_SECOND = 100;

    /** Ticks at one moment, by group and pid. */
    record Sample(long nanos, Map<String, Map<Long, Long>> ticks, long machineBusy) {
    }

    private final Map<String, Supplier<List<Long>>> groups;

    /** {@code groups}: a name (gateway, broker, loadgen...) and how to find its pids at the moment of sampling. */
    ProcessCpu(Map<String, Supplier<List<Long>>> groups) {
        this.groups = groups;
    }

    Sample sample() {
        Map<String, Map<Long, Long>> ticks = new LinkedHashMap<>();
        groups.forEach((name, pids) -> ticks.put(name, ticksOf(pids.get())));
        ticks.put("postgres", ticksOf(postgresPids()));
        return new Sample(System.nanoTime(), ticks, machineBusy());
    }

    private static Map<Long, Long> ticksOf(List<Long> pids) {
        Map<Long, Long> ticks = new LinkedHashMap<>();
        pids.forEach(pid -> ticks.put(pid, ticks(pid)));
        return ticks;
    }

    /** % of one core per group over {@code from → to}, then {@code machine} and {@code other}. */
    static Map<String, Double> percent(Sample from, Sample to) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        Map<String, Double> pct = new LinkedHashMap<>();
        double groups = 0;
        for (var e : to.ticks().entrySet()) {
            Map<Long, Long> before = from.ticks().getOrDefault(e.getKey(), Map.of());
            long used = e.getValue().entrySet().stream()
                    .mapToLong(pid -> Math.max(0, pid.getValue() - before.getOrDefault(pid.getKey(), 0L))).sum();
            double p = used / TICKS_PER_SECOND / seconds * 100;
            pct.put(e.getKey(), p);
            groups += p;
        }
        double machine = (to.machineBusy() - from.machineBusy()) / TICKS_PER_SECOND / seconds * 100;
        pct.put("machine", machine);
        pct.put("other", machine - groups);
        return pct;
    }

    /** Pids whose command line contains every one of {@code needles}. */
    static List<Long> pidsWithCommandLine(String... needles) {
        return processes().filter(pid -> {
            String cmd = read(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ');
            return Stream.of(needles).allMatch(cmd::contains);
        }).toList();
    }

    static List<Long> postgresPids() {
        return processes().filter(pid -> "postgres".equals(command(pid))).toList();
    }

    private static Stream<Long> processes() {
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static String command(long pid) {
        String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        return open < 0 || close < open ? "" : stat.substring(open + 1, close);
    }

    /** utime + stime of a process, 0 when it is gone. */
    private static long ticks(long pid) {
        String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return 0;
        }
        String[] f = stat.substring(close + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long machineBusy() {
        String[] f = read(Path.of("/proc/stat")).lines().findFirst().orElse("cpu").trim().split("\\s+");
        long total = 0;
        for (int i = 1; i <= 8 && i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        return f.length > 5 ? total - Long.parseLong(f[4]) - Long.parseLong(f[5]) : 0;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return ""; // the process is gone
        }
    }
}
