package dev.tandem.system.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The repository's docker-compose.yml as one project, driven through the Compose command line: {@code docker compose}
 * (current Compose) where it exists, else Debian's {@code docker-compose} 1.29. Every call gets the project's
 * variables (images, published port, read-only key) in its environment, exactly as an operator's shell would.
 */
final class DockerCompose {

    private static final long COMMAND_TIMEOUT_MINUTES = 6;

    private final Path projectDir;
    private final String project;
    private final List<String> compose;
    private final Map<String, String> variables;

    private DockerCompose(Path projectDir, String project, List<String> compose, Map<String, String> variables) {
        this.projectDir = projectDir;
        this.project = project;
        this.compose = compose;
        this.variables = variables;
    }

    /** The Compose command of this machine, or empty when there is none. */
    static Optional<List<String>> command() {
        if (run(Path.of("."), Map.of(), 1, "docker", "compose", "version").ok()) {
            return Optional.of(List.of("docker", "compose"));
        }
        if (run(Path.of("."), Map.of(), 1, "docker-compose", "version").ok()) {
            return Optional.of(List.of("docker-compose"));
        }
        return Optional.empty();
    }

    static DockerCompose of(Path projectDir, String project, List<String> compose, Map<String, String> variables) {
        return new DockerCompose(projectDir, project, compose, new LinkedHashMap<>(variables));
    }

    String describe() {
        return String.join(" ", compose) + " -p " + project;
    }

    /** The images the project runs and builds on, as its variables resolve them (`config`: image and JAVA_IMAGE). */
    List<String> images() {
        return compose("config").orThrow().lines().stream()
                .filter(line -> line.startsWith("image:") || line.startsWith("JAVA_IMAGE:"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip().replaceAll("^['\"]|['\"]$", ""))
                .distinct().toList();
    }

    /** Builds the services' images (once; {@link #up} then starts without building). */
    void build() {
        compose("build").orThrow();
    }

    /** Starts everything, with the given number of sequencer and gateway replicas, and waits for the healthchecks. */
    void up(int sequencers, int gateways) {
        compose("up", "-d", "--no-build", "--scale", "sequencer=" + sequencers, "--scale", "gateway=" + gateways)
                .orThrow();
    }

    /** Removes the project's containers, network and volumes; keepImages=false removes the images it built too. */
    void down(boolean keepImages) {
        List<String> args = new ArrayList<>(List.of("down", "-v", "--remove-orphans", "-t", "5"));
        if (!keepImages) {
            args.addAll(List.of("--rmi", "local"));
        }
        compose(args.toArray(String[]::new));
    }

    /** The ids of a service's containers, in replica order. */
    List<String> containers(String service) {
        return compose("ps", "-q", service).orThrow().lines();
    }

    /** Whatever every container logged, for a failed run's report. */
    void saveLogs(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, compose("logs", "--no-color", "--timestamps").output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Result compose(String... args) {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-p", project));
        command.addAll(Arrays.asList(args));
        return run(projectDir, variables, COMMAND_TIMEOUT_MINUTES, command.toArray(String[]::new));
    }

    /** docker, docker-compose or any tool: its status and its output (stdout and stderr together). */
    static Result run(Path dir, Map<String, String> env, long timeoutMinutes, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().putAll(env);
            Path output = Files.createTempFile("tandem-compose-", ".out");
            try {
                Process process = builder.redirectOutput(output.toFile()).start();
                if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                    process.destroyForcibly().waitFor();
                    return new Result(List.of(command), -1, Files.readString(output, StandardCharsets.UTF_8)
                            + "\n(timed out after " + timeoutMinutes + " min)");
                }
                String out = Files.readString(output, StandardCharsets.UTF_8);
                return new Result(List.of(command), process.exitValue(), out);
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return new Result(List.of(command), -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(List<String> command, int status, String output) {
        boolean ok() {
            return status == 0;
        }

        Result orThrow() {
            if (!ok()) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + status + ":\n" + output);
            }
            return this;
        }

        List<String> lines() {
            return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        }
    }
}
