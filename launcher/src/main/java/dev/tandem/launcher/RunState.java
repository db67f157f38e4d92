package dev.tandem.launcher;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What a running supervisor publishes in {@code run.json}, rewritten (atomically) on every change: its own pid and
 * control port, and every process it supervises. {@code status}, {@code restart} and {@code down} read it from other
 * terminals; {@code down} uses the pids to clean up after a supervisor that was itself killed.
 */
public record RunState(long supervisorPid, int controlPort, long startedAtMillis, String gatewayUrl,
                       List<Process> processes) {

    public enum State { STARTING, RUNNING, RESTARTING, FAILED, STOPPING, STOPPED }

    /**
     * One supervised process.
     *
     * @param pid             of its current (or last) incarnation, 0 before the first start
     * @param ready           the last readiness probe answered yes
     * @param startedAtMillis when the current incarnation started
     * @param restarts        how often the supervisor started it again (after an exit, or asked to)
     * @param lastExit        how the previous incarnation ended, empty if it never did
     */
    public record Process(String name, ServiceSpec.Kind kind, int port, long pid, State state, boolean ready,
                          long startedAtMillis, int restarts, String lastExit) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RunState {
        processes = List.copyOf(processes);
    }

    public Optional<Process> process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public boolean supervisorAlive() {
        return ProcessHandle.of(supervisorPid).map(ProcessHandle::isAlive).orElse(false);
    }

    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static Optional<RunState> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), RunState.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
