package dev.tandem.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A packaged Tandem service (a Quarkus fast-jar) running as its own operating-system process, so a test can
 * kill it the hard way ({@link #kill()} is SIGKILL: no shutdown hook, no flush, no goodbye) and start it again.
 * Its output goes to a log file under the module's {@code target/}; a failed start shows the log's tail.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final int httpPort;
    private final Path log;
    private Process process;

    private ServiceProcess(String name, List<String> command, Map<String, String> environment, int httpPort,
                           Path log) {
        this.name = name;
        this.command = command;
        this.environment = environment;
        this.httpPort = httpPort;
        this.log = log;
    }

    /**
     * A process running {@code module}'s packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar} of
     * this checkout), with its own free HTTP port.
     */
    public static Builder of(String name, String module) {
        return new Builder(name, projectRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar"));
    }

    /** The repository root: {@code -Dtandem.root}, or the nearest folder above the working directory with mvnw. */
    public static Path projectRoot() {
        String configured = System.getProperty("tandem.root");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath() + "; set -Dtandem.root");
    }

    /** A TCP port free at the time of asking. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the process (again, after a kill or stop); returns once it is running, not once it is ready. */
    public synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== start " + Instant.now() + " " + String.join(" ", command) + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; fails at once, with the log's tail, if the process dies. */
    public ServiceProcess awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        URI ready = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "\n" + logTail(40));
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            pause(Duration.ofMillis(200));
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "\n" + logTail(40));
    }

    /** SIGKILL: the process dies at once, mid-whatever, as in a power cut or an OOM kill. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    /**
     * SIGSTOP: the process is frozen where it is, every thread at once (as in a long stop-the-world pause or a
     * suspended machine; its sockets stay open), until {@link #resume}.
     */
    public synchronized void pause() {
        signal("STOP");
    }

    /** SIGCONT: a {@link #pause paused} process goes on from where it was. */
    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + signal + " to " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + signal + " to " + name, e);
        }
    }

    /** SIGTERM: a graceful shutdown. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(Duration.ofSeconds(30))) {
                kill();
            }
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The operating system's id of the running process (for jcmd and the like). */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of the log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis()); // polling a child process's port; there is no event to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Configures a {@link ServiceProcess}: settings become environment variables, as an operator sets them. */
    public static final class Builder {
        private final String name;
        private final Path jar;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC"));
        private int httpPort = freePort();
        private Path log;

        private Builder(String name, Path jar) {
            this.name = name;
            this.jar = jar;
        }

        /** A Quarkus/MicroProfile setting, e.g. {@code kafka.bootstrap.servers}; passed as a system property. */
        public Builder config(String key, String value) {
            jvmOptions.add("-D" + key + "=" + value);
            return this;
        }

        /** The database of a service that has one (the snapshot service): its URL, and its user and password if set. */
        public Builder database(JdbcTarget database) {
            config("quarkus.datasource.jdbc.url", database.jdbcUrl());
            if (database.user() != null && !database.user().isEmpty()) {
                config("quarkus.datasource.username", database.user());
            }
            if (database.password() != null && !database.password().isEmpty()) {
                config("quarkus.datasource.password", database.password());
            }
            return this;
        }

        /** A JVM option, after the defaults ({@code -Xmx512m -XX:+UseSerialGC}), so {@code -Xmx1g} overrides them. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        public ServiceProcess build() {
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " does not exist: package the service first ("
                        + "./mvnw package -DskipTests)");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-Dquarkus.http.port=" + httpPort);
            command.add("-jar");
            command.add(jar.toString());
            Path logFile = log != null ? log
                    : Path.of("target", "service-logs", name + "-" + httpPort + ".log").toAbsolutePath();
            return new ServiceProcess(name, List.copyOf(command), Map.copyOf(environment), httpPort, logFile);
        }
    }
}
