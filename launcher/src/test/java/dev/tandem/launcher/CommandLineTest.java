package dev.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    @TempDir
    Path state;

    @Test
    void anUnknownCommandIsNamedAndFailsWithTheUsageExitCode() {
        var err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Tandem.run("bogus")).isEqualTo(2);
        } finally {
            System.setErr(old);
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown command 'bogus'", "up, down, status, restart, reset, rebuild-read-side, smoke");
    }

    @Test
    void statusOfNothingRunningSaysSoWithItsOwnExitCode() {
        assertThat(Tandem.run("--state-dir", state.toString(), "status")).isEqualTo(StatusCommand.NOT_RUNNING);
    }

    @Test
    void statusOfARunWhoseProcessesAreAllGoneIsNothingRunning() throws Exception {
        Files.createDirectories(state);
        new RunState(Long.MAX_VALUE - 1, 1, 0, "", java.util.List.of(new RunState.Process("kafka",
                ServiceSpec.Kind.KAFKA, 9092, Long.MAX_VALUE - 2, RunState.State.RUNNING, true, 0, 0, "")))
                .write(state.resolve("run.json"));
        assertThat(Tandem.run("--state-dir", state.toString(), "status")).isEqualTo(StatusCommand.NOT_RUNNING);
    }

    @Test
    void restartWithoutARunFails() {
        assertThat(Tandem.run("--state-dir", state.toString(), "restart", "gateway-1")).isEqualTo(1);
    }

    @Test
    void countsOutsideOneToNineAreRefused() {
        assertThat(Tandem.run("--state-dir", state.toString(), "up", "--gateways", "10", "--no-build")).isEqualTo(1);
    }
}
