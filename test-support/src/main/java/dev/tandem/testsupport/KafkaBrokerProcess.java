package dev.tandem.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EmbeddedKafkaBroker} as its own operating-system process, on fixed ports and a data directory of its
 * own, so that a test can kill it the hard way ({@link #kill()} is SIGKILL) and start it again at the same address
 * with the same log, as a supervisor restarts a crashed broker. Its output goes to a log file.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final String READY = "READY ";

    private final List<String> command;
    private final Path log;
    private final int port;
    private Process process;
    private long logOffset;

    private KafkaBrokerProcess(List<String> command, Path log, int port) {
        this.command = command;
        this.log = log;
        this.port = port;
    }

    /** A broker on free ports, its log in {@code dataDir}, its output in {@code log}; not started yet. */
    public static KafkaBrokerProcess of(Path dataDir, Path log) {
        int port = ServiceProcess.freePort();
        int controllerPort = ServiceProcess.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new KafkaBrokerProcess(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), EmbeddedKafkaBroker.class.getName(), String.valueOf(port),
                String.valueOf(controllerPort), dataDir.toString()), log, port);
    }

    /** Starts the process (again, after a kill); returns at once. */
    public synchronized KafkaBrokerProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is already running");
        }
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, "=== start " + Instant.now() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            logOffset = Files.size(log);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker", e);
        }
    }

    /** Waits for the broker's {@code READY} line of this start; fails with the log's tail if it dies. */
    public KafkaBrokerProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited with " + process.exitValue() + "\n" + tail());
            }
            if (tail().lines().anyMatch(line -> line.startsWith(READY))) {
                return this;
            }
            try {
                Thread.sleep(50); // polling a child process's log: there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the broker", e);
            }
        }
        throw new IllegalStateException("the broker was not ready within " + timeout + "\n" + tail());
    }

    /** SIGKILL: no controlled shutdown, the log is recovered at the next start. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** SIGTERM: a controlled shutdown; {@link #start()} starts it again. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor()) {
                kill();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private boolean waitFor() {
        try {
            return process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The log written since the last start. */
    private String tail() {
        try {
            String all = Files.readString(log);
            return all.substring((int) Math.min(logOffset, all.length()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
