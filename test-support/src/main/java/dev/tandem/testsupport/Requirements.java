package dev.tandem.testsupport;

import org.junit.jupiter.api.Assumptions;

/**
 * Assumptions for tests that need more than this module can provide everywhere: such a test is skipped, with
 * the reason in the report, rather than failed, on a machine that lacks it.
 */
public final class Requirements {

    private Requirements() {
    }

    /** Skips the calling test unless a Docker engine answers (see {@link DockerProbe}). */
    public static void assumeDockerEngine() {
        var status = DockerProbe.status();
        Assumptions.assumeTrue(status.available(), () -> "needs a Docker engine: " + status.detail());
    }
}
