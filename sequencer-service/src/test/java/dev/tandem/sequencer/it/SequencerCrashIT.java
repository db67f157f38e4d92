package dev.tandem.sequencer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.tandem.protocol.EditRejected;
import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.TestKafka;
import dev.tandem.testsupport.load.ClientReport;
import dev.tandem.testsupport.load.EditLoad;
import dev.tandem.testsupport.load.LogInvariants;
import dev.tandem.testsupport.load.OpsLog;

/**
 * kill -9 of the only sequencer, twice, at random moments while clients edit concurrently from stale revisions,
 * each time restarted with the same instance id: the log must come out as if nothing had happened.
 */
class SequencerCrashIT {

    private static final long SEED = 20250115L;

    @Test
    void killedAndRestartedSequencerNeitherLosesNorRepeatsAnything() {
        String bootstrap = TestKafka.get().bootstrapServers();
        Random random = new Random(SEED);
        ServiceProcess sequencer = SequencerProcesses.sequencer("crash-1", 2, 40);
        try (EditLoad load = EditLoad.builder(bootstrap)
                .documents(SequencerProcesses.documentsInEveryPartition("crash", 1))
                .clientsPerDocument(3)
                .seed(SEED)
                .resendAfter(Duration.ofSeconds(2))
                .build()) {
            sequencer.start().awaitReady(SequencerProcesses.READY);
            load.start();
            for (int kill = 1; kill <= 2; kill++) {
                long target = load.committed() + 20 + random.nextInt(80);
                await().atMost(Duration.ofMinutes(2)).until(() -> load.committed() >= target);
                sequencer.kill();
                sequencer.start().awaitReady(SequencerProcesses.READY);
            }
            long target = load.committed() + 30;
            await().atMost(Duration.ofMinutes(2)).until(() -> load.committed() >= target);
            load.stopEditing();
            await().atMost(Duration.ofMinutes(3)).until(load::isDone);

            assertThat(load.failures()).isEmpty();
            List<ClientReport> reports = load.reports();
            OpsLog log = OpsLog.read(bootstrap, load.documents());
            assertThat(LogInvariants.check(log, reports)).isEmpty();
            System.out.printf("crash IT: %d revisions, %d resends, %d duplicates, %d refusals%n", load.committed(),
                    reports.stream().mapToInt(ClientReport::resends).sum(),
                    reports.stream().mapToInt(ClientReport::duplicates).sum(),
                    log.documents().stream().flatMap(doc -> log.events(doc).stream())
                            .filter(EditRejected.class::isInstance).count());
        } finally {
            sequencer.stop();
        }
    }
}
