package dev.tandem.launcher;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Restarts one process of a running run by name; the others keep serving. */
@Command(name = "restart", description = "Restart one process by name (see ./tandem status); the others keep serving.")
final class RestartCommand implements Callable<Integer> {

    @ParentCommand
    Tandem tandem;

    @Parameters(paramLabel = "NAME", description = "e.g. gateway-1, sequencer-2, snapshot, kafka")
    String name;

    @Override
    public Integer call() throws Exception {
        var run = tandem.runningState();
        if (run.process(name).isEmpty()) {
            throw new IllegalArgumentException("no process named '" + name + "'; the run has: "
                    + run.processes().stream().map(RunState.Process::name).collect(Collectors.joining(", ")));
        }
        var answer = ControlClient.post(run, "/restart?name=" + name);
        if (answer.status() != 202) {
            throw new IllegalStateException(answer.body());
        }
        Console.say(answer.body() + "; ./tandem status shows when it serves again");
        return 0;
    }
}
