package dev.tandem.launcher;

import java.util.Optional;

/**
 * Processes of a run whose supervisor is gone (it was killed): recognised by pid and by a command line that names
 * the run's state directory (every process of a run has it: the copied jars, the Kafka data, the launcher's own
 * copied classpath), so a recycled pid is never mistaken for ours.
 */
final class Leftovers {

    private Leftovers() {
    }

    static boolean isOurs(long pid, RunLayout layout) {
        if (pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive()
                && handle.get().info().commandLine().map(c -> c.contains(layout.state().toString())).orElse(false);
    }

    /** Stops every leftover process of the run; returns how many there were. */
    static int stop(RunState run, RunLayout layout) {
        int stopped = 0;
        for (int i = run.processes().size() - 1; i >= 0; i--) {
            RunState.Process p = run.processes().get(i);
            if (isOurs(p.pid(), layout)) {
                Console.say("stopping " + p.name() + " (" + p.pid() + "), left over from a run whose supervisor is gone");
                Supervisor.terminate(ProcessHandle.of(p.pid()).orElseThrow());
                stopped++;
            }
        }
        return stopped;
    }
}
