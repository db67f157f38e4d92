package dev.tandem.system.compose;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What the compose test asks the Docker engine directly: is it there, are the images, and crash a container. */
final class DockerEngine {

    private static final Path HERE = Path.of(".");

    private DockerEngine() {
    }

    /** Empty when an engine answers; else why not. */
    static Optional<String> unavailable() {
        var info = DockerCompose.run(HERE, Map.of(), 1, "docker", "info", "--format", "{{.ServerVersion}}");
        return info.ok() ? Optional.empty()
                : Optional.of("no Docker engine answers (docker info: " + info.output().strip() + ")");
    }

    /** Empty when the image is here or can be pulled; else why not. */
    static Optional<String> missingImage(String image) {
        if (DockerCompose.run(HERE, Map.of(), 1, "docker", "image", "inspect", image).ok()) {
            return Optional.empty();
        }
        var pull = DockerCompose.run(HERE, Map.of(), 3, "docker", "pull", "-q", image);
        return pull.ok() ? Optional.empty()
                : Optional.of("image " + image + " is not here and cannot be pulled (" + pull.output().strip() + ")");
    }

    /**
     * Kills a container's main process with SIGKILL from the host, as a crash or the kernel's OOM killer would.
     * Not {@code docker kill}: Docker counts that as a deliberate stop and its restart policy leaves the container
     * stopped (measured with Docker 20.10); a dead process is restarted, the same container with the same host name.
     */
    static void crash(String container) {
        String pid = inspect(container, "{{.State.Pid}}");
        DockerCompose.run(HERE, Map.of(), 1, "kill", "-KILL", pid).orThrow();
    }

    static int restartCount(String container) {
        return Integer.parseInt(inspect(container, "{{.RestartCount}}"));
    }

    /** healthy, unhealthy, starting; or none for a container without a healthcheck. */
    static String health(String container) {
        return inspect(container, "{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}");
    }

    static String hostName(String container) {
        return inspect(container, "{{.Config.Hostname}}");
    }

    private static String inspect(String container, String format) {
        return DockerCompose.run(HERE, Map.of(), 1, "docker", "inspect", "-f", format, container).orThrow().output()
                .strip();
    }
}
