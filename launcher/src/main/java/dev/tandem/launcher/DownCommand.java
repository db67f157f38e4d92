package dev.tandem.launcher;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Stops a run from another terminal, or what a killed supervisor left running. */
@Command(name = "down", description = "Stop the run (from another terminal), or what a killed run left behind.")
final class DownCommand implements Callable<Integer> {

    @ParentCommand
    Tandem tandem;

    @Override
    public Integer call() throws Exception {
        RunLayout layout = tandem.layout();
        var run = RunState.read(layout.stateFile());
        if (run.isEmpty()) {
            Console.say("nothing running");
            return 0;
        }
        if (run.get().supervisorAlive()) {
            Console.say("asking the supervisor (pid " + run.get().supervisorPid() + ") to stop everything ...");
            try {
                ControlClient.post(run.get(), "/stop");
            } catch (IOException e) {
                Console.error("its control port does not answer (" + e.getMessage() + "): terminating it");
                ProcessHandle.of(run.get().supervisorPid()).ifPresent(ProcessHandle::destroy);
            }
            var supervisor = ProcessHandle.of(run.get().supervisorPid());
            if (supervisor.isPresent()) {
                try {
                    supervisor.get().onExit().get(Duration.ofMinutes(3).toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    Console.error("the supervisor did not stop within 3 minutes: killing it");
                    supervisor.get().destroyForcibly();
                }
            }
        }
        int leftovers = Leftovers.stop(run.get(), layout);
        Console.say(leftovers == 0 ? "stopped" : "stopped (" + leftovers + " left over)");
        return 0;
    }
}
