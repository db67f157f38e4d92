package dev.tandem.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
                && commandLine(handle.get()).contains(layout.state().toString());
    }

    /**
     * The full command line: from /proc where there is one (ProcessHandle.Info can come back empty for a long
     * command line such as the Kafka broker's classpath), else what the JDK knows.
     */
    static String commandLine(ProcessHandle handle) {
        Path proc = Path.of("/proc", String.valueOf(handle.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
            }
        } catch (IOException e) {
            // gone, or not ours to read: fall through
        }
        return handle.info().commandLine().orElse("");
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
