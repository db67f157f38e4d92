package dev.tandem.launcher;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./tandem}: the whole Tandem system on this machine, each part its own supervised process. The script is a
 * thin wrapper that builds this launcher when needed and runs it.
 */
@Command(name = "tandem", mixinStandardHelpOptions = true, version = "tandem 0.1.0",
        description = "Runs the whole Tandem system on this machine: a Kafka broker (KRaft), PostgreSQL (the local "
                + "server, or an embedded one), the sequencer(s), the snapshot service and the gateway(s), each its "
                + "own process, supervised: a process that dies is restarted.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, RestartCommand.class,
                ResetCommand.class, RebuildReadSideCommand.class, SmokeCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Logs: .tandem/logs/<name>.log. Ports: gateway 8080 (gateway i > 1: 8090 + i), sequencer 8081 "
                + "(i > 1: 8100 + i), snapshot service 8082, Kafka 9092 and 9093, an embedded PostgreSQL 5433; "
                + "--base-port moves them all."})
public final class Tandem implements Callable<Integer> {

    @Option(names = "--root", hidden = true, description = "the checkout (set by ./tandem)")
    Path root = Path.of(System.getProperty("tandem.root", "."));

    @Option(names = "--state-dir", description = "where the run keeps its state (default: .tandem in the checkout; "
            + "env TANDEM_STATE_DIR)")
    Path stateDir = System.getenv("TANDEM_STATE_DIR") == null ? null : Path.of(System.getenv("TANDEM_STATE_DIR"));

    RunLayout layout() {
        return RunLayout.of(root, stateDir);
    }

    /** The state of the run whose supervisor is alive, for the commands that talk to it. */
    RunState runningState() {
        return RunState.read(layout().stateFile()).filter(RunState::supervisorAlive)
                .orElseThrow(() -> new IllegalStateException("nothing running: ./tandem up first"));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code: 0 done, 1 failed, 2 a usage error. */
    public static int run(String... args) {
        var commandLine = new CommandLine(new Tandem());
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            var cmd = e.getCommandLine();
            String message = e instanceof CommandLine.UnmatchedArgumentException unmatched
                    && cmd.getCommandSpec().subcommands().size() > 0 && !unmatched.getUnmatched().isEmpty()
                    ? "unknown command '" + unmatched.getUnmatched().get(0) + "'; the commands are: "
                            + String.join(", ", cmd.getSubcommands().keySet())
                    : e.getMessage();
            Console.error(message);
            cmd.getErr().println("Usage: " + cmd.getCommandSpec().qualifiedName() + " --help");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Console.error(e.getMessage() == null ? e.toString() : e.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }
}
