package dev.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class StatusRenderTest {

    @Test
    void theTableShowsPortPidReadinessUptimeRestartsAndHowTheLastRunEnded() {
        long now = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
        var gateway = new RunState.Process("gateway-2", ServiceSpec.Kind.GATEWAY, 8092, 4242, RunState.State.RUNNING,
                true, now - 125_000, 1, "was killed (SIGKILL) after 3 min 10 s");
        var kafka = new RunState.Process("kafka", ServiceSpec.Kind.KAFKA, 9092, 0, RunState.State.RESTARTING,
                false, now - 1_000, 3, "exited with code 1 after 2 s");
        var run = new RunState(ProcessHandle.current().pid(), 4000, now - 600_000, "http://localhost:8080/",
                List.of(kafka, gateway));
        String table = StatusCommand.render(run, List.of(new StatusCommand.Row(kafka, false, false),
                new StatusCommand.Row(gateway, true, true)), Instant.ofEpochMilli(now));
        assertThat(table).contains("open http://localhost:8080/");
        assertThat(table.lines().filter(l -> l.startsWith("gateway-2")).findFirst().orElseThrow())
                .contains("8092", "4242", "running", "yes", "2 min 05 s", " 1 ", "was killed (SIGKILL)");
        assertThat(table.lines().filter(l -> l.startsWith("kafka")).findFirst().orElseThrow())
                .contains("9092", "restarting", "no", " 3 ", "exited with code 1");
    }

    @Test
    void exitValuesAreSaidInWords() {
        assertThat(ExitStatus.describe(137)).isEqualTo("was killed (SIGKILL)");
        assertThat(ExitStatus.describe(1)).isEqualTo("exited with code 1");
        assertThat(ExitStatus.describe(129)).isEqualTo("was killed by signal 1");
    }
}
