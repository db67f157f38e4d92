package dev.tandem.testsupport;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.testcontainers.DockerClientFactory;

/**
 * Asks, once per JVM, whether a Docker engine answers, so Testcontainers is only tried where it can work.
 * <p>
 * The probe runs on a daemon thread with a deadline and swallows every failure: a missing or wedged engine
 * must make the choice fall through to the next option, never hang or fail a test run. Setting
 * {@code TANDEM_TEST_DOCKER=false} (or {@code -Dtandem.test.docker=false}) skips the probe, for a developer with
 * Docker who prefers the faster local options.
 */
public final class DockerProbe {

    /** Whether a Docker engine can be used, and a phrase saying why, for the log line. */
    public record DockerStatus(boolean available, String detail) {
    }

    private static final long TIMEOUT_SECONDS = 20;
    private static DockerStatus status;

    private DockerProbe() {
    }

    /** The cached answer; the first call probes (a few milliseconds without an engine). */
    public static synchronized DockerStatus status() {
        if (status == null) {
            TestLogging.configure();
            status = probe();
        }
        return status;
    }

    private static DockerStatus probe() {
        var optOut = Setting.lookup("TANDEM_TEST_DOCKER", "tandem.test.docker");
        if (optOut.isPresent() && optOut.get().value().toLowerCase(Locale.ROOT).equals("false")) {
            return new DockerStatus(false, "Docker not tried (" + optOut.get().name() + "=false)");
        }
        if (System.getenv("DOCKER_HOST") == null && java.nio.file.Files.exists(DockerImages.DEFAULT_SOCKET)) {
            // the default engine: first ask it (fast) whether the images can be had without a registry
            var socket = DockerImages.DEFAULT_SOCKET;
            if (DockerImages.inspect(socket, Containers.KAFKA_IMAGE) == -1) {
                return new DockerStatus(false, "no Docker engine (nothing answers on " + socket + ")");
            }
            var missing = DockerImages.missing(List.of(Containers.KAFKA_IMAGE, Containers.POSTGRES_IMAGE,
                    DockerImages.RYUK_IMAGE), image -> DockerImages.inspect(socket, image));
            if (!missing.isEmpty()) {
                return new DockerStatus(false, "a Docker engine answers, but the images " + missing + " are not on "
                        + "it and are not pulled here (no registry may be reachable; `docker pull` them to use "
                        + "Testcontainers)");
            }
        }
        var answer = new CompletableFuture<Boolean>();
        var thread = new Thread(() -> {
            try {
                answer.complete(DockerClientFactory.instance().isDockerAvailable());
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        }, "tandem-docker-probe");
        thread.setDaemon(true);
        thread.start();
        try {
            return answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    ? new DockerStatus(true, "a Docker engine answers")
                    : new DockerStatus(false, "no Docker engine");
        } catch (TimeoutException e) {
            return new DockerStatus(false, "no Docker engine (probe timed out after " + TIMEOUT_SECONDS + " s)");
        } catch (ExecutionException e) {
            return new DockerStatus(false, "no Docker engine (" + e.getCause() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DockerStatus(false, "no Docker engine (probe interrupted)");
        }
    }
}
