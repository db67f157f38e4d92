package dev.tandem.sequencer.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.TestKafka;
import dev.tandem.testsupport.load.EditLoad;

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
            SequencerProcesses.finishAndCheck("crash IT", load);
        } finally {
            sequencer.stop();
        }
    }
}
