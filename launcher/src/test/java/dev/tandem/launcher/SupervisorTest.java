package dev.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Supervision with real processes (small JVMs that listen on a port), killed with SIGKILL. */
class SupervisorTest {

    @TempDir
    Path state;

    private Supervisor supervisor;

    private Supervisor supervisor() {
        var layout = RunLayout.of(Path.of("."), state);
        // short delays, so a test takes seconds; the real ones are in BackoffTest
        supervisor = new Supervisor(layout, () -> new Backoff(Duration.ofMillis(100), Duration.ofMillis(400),
                Duration.ofSeconds(60)));
        return supervisor;
    }

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    @Test
    void aKilledProcessIsRestartedCountedAndServesAgainWhileTheOthersKeepRunning() throws Exception {
        var s = supervisor();
        int portA = freePort();
        int portB = freePort();
        s.start(fake("a", portA));
        s.start(fake("b", portB));
        s.awaitReady("a", Duration.ofSeconds(30));
        s.awaitReady("b", Duration.ofSeconds(30));
        long firstA = s.pid("a").orElseThrow();
        long pidB = s.pid("b").orElseThrow();

        kill9(firstA);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var a = s.state().process("a").orElseThrow();
            return a.ready() && a.restarts() == 1 && a.pid() != firstA;
        });
        var a = s.state().process("a").orElseThrow();
        assertThat(a.lastExit()).startsWith("was killed (SIGKILL) after");
        assertThat(a.state()).isEqualTo(RunState.State.RUNNING);
        assertThat(s.pid("b")).contains(pidB);
        assertThat(s.state().process("b").orElseThrow().restarts()).isZero();
        assertThat(Files.readString(state.resolve("logs/a.log"))).contains("starting a (restart 1)");

        var published = RunState.read(state.resolve("run.json")).orElseThrow();
        assertThat(published.process("a").orElseThrow().pid()).isEqualTo(s.pid("a").orElseThrow());
        assertThat(published.supervisorAlive()).isTrue();
    }

    @Test
    void aProcessThatNeverBecomesReadyIsGivenUpOnInsteadOfRetriedForEver() {
        var s = supervisor();
        s.start(new ServiceSpec("broken", ServiceSpec.Kind.GATEWAY, 1, javaCommand("fail"), Map.of(),
                new Readiness.Tcp(1)));
        assertThatThrownBy(() -> s.awaitReady("broken", Duration.ofSeconds(60)))
                .hasMessageContaining("broken could not be started").hasMessageContaining("failing on purpose");
        var broken = s.state().process("broken").orElseThrow();
        assertThat(broken.state()).isEqualTo(RunState.State.FAILED);
        assertThat(broken.restarts()).isEqualTo(Backoff.GIVE_UP_AFTER - 1);
    }

    @Test
    void aRestartByNameReplacesTheProcessAndStopAllStopsEverything() throws Exception {
        var s = supervisor();
        int port = freePort();
        s.start(fake("a", port));
        s.awaitReady("a", Duration.ofSeconds(30));
        long first = s.pid("a").orElseThrow();

        s.restart("a");
        s.awaitReady("a", Duration.ofSeconds(30));
        assertThat(s.pid("a").orElseThrow()).isNotEqualTo(first);
        assertThat(s.state().process("a").orElseThrow().restarts()).isEqualTo(1);
        assertThat(ProcessHandle.of(first)).isEmpty();

        long second = s.pid("a").orElseThrow();
        s.stopAll();
        assertThat(ProcessHandle.of(second).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(s.state().process("a").orElseThrow().state()).isEqualTo(RunState.State.STOPPED);
    }

    private static ServiceSpec fake(String name, int port) {
        return new ServiceSpec(name, ServiceSpec.Kind.GATEWAY, port, javaCommand(String.valueOf(port)), Map.of(),
                new Readiness.Tcp(port));
    }

    private static List<String> javaCommand(String arg) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                FakeService.class.getName(), arg);
    }

    static void kill9(long pid) throws Exception {
        new ProcessBuilder("kill", "-9", String.valueOf(pid)).inheritIO().start().waitFor();
    }

    private static int freePort() {
        return dev.tandem.testsupport.ServiceProcess.freePort();
    }
}
