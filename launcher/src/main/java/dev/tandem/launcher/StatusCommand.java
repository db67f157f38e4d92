package dev.tandem.launcher;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * What runs where: every process with its port, pid, readiness (probed now, not remembered), uptime and restart
 * count. Exit code 0 when everything serves, 1 when something does not, 3 when nothing runs.
 */
@Command(name = "status", description = "What runs where: port, pid, readiness, uptime and restarts of each process. "
        + "Exit code 0 when everything serves, 1 when something does not, 3 when nothing runs.")
final class StatusCommand implements Callable<Integer> {

    static final int NOT_RUNNING = 3;

    @ParentCommand
    Tandem tandem;

    @Override
    public Integer call() {
        RunLayout layout = tandem.layout();
        var run = RunState.read(layout.stateFile());
        if (run.isEmpty() || (!run.get().supervisorAlive()
                && run.get().processes().stream().noneMatch(p -> Leftovers.isOurs(p.pid(), layout)))) {
            Console.say("nothing running (state: " + layout.state() + ")");
            return NOT_RUNNING;
        }
        List<Row> rows = new ArrayList<>();
        for (RunState.Process p : run.get().processes()) {
            boolean alive = Leftovers.isOurs(p.pid(), layout);
            boolean ready = alive && readiness(p).probe();
            rows.add(new Row(p, alive, ready));
        }
        System.out.print(render(run.get(), rows, Instant.now()));
        return rows.stream().allMatch(Row::ready) && run.get().supervisorAlive() ? 0 : 1;
    }

    private static Readiness readiness(RunState.Process p) {
        return switch (p.kind()) {
            case KAFKA, POSTGRES -> new Readiness.Tcp(p.port());
            default -> Readiness.Http.health(p.port());
        };
    }

    /** One line of the table: what the supervisor published, and what was probed now. */
    record Row(RunState.Process process, boolean alive, boolean ready) {
    }

    static String render(RunState run, List<Row> rows, Instant now) {
        var out = new StringBuilder();
        String started = LocalDateTime.ofInstant(Instant.ofEpochMilli(run.startedAtMillis()), ZoneId.systemDefault())
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        if (run.supervisorAlive()) {
            out.append(String.format("Tandem runs since %s (supervisor pid %d); open %s%n", started,
                    run.supervisorPid(), run.gatewayUrl()));
        } else {
            out.append(String.format("The supervisor of the run started %s is gone (pid %d): nothing restarts these. "
                    + "./tandem down stops them, then ./tandem up%n", started, run.supervisorPid()));
        }
        String format = "%-12s %-10s %-6s %-8s %-11s %-6s %-13s %-9s %s%n";
        out.append(String.format(format, "NAME", "KIND", "PORT", "PID", "STATE", "READY", "UPTIME", "RESTARTS",
                "LAST EXIT"));
        for (Row row : rows) {
            RunState.Process p = row.process();
            String state = row.alive() ? p.state().name().toLowerCase(Locale.ROOT) : "gone";
            if (!row.alive() && (p.state() == RunState.State.RESTARTING || p.state() == RunState.State.FAILED)) {
                state = p.state().name().toLowerCase(Locale.ROOT);
            }
            String uptime = row.alive() ? Uptime.format(Duration.between(Instant.ofEpochMilli(p.startedAtMillis()), now))
                    : "-";
            out.append(String.format(format, p.name(), p.kind().name().toLowerCase(Locale.ROOT), p.port(),
                    p.pid() == 0 ? "-" : String.valueOf(p.pid()), state, row.ready() ? "yes" : "no", uptime,
                    p.restarts(), p.lastExit().isEmpty() ? "-" : p.lastExit()));
        }
        return out.toString();
    }
}
