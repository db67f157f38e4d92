package dev.tandem.sequencer.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.TestKafka;
import dev.tandem.testsupport.load.EditLoad;

/**
 * Two sequencers share the partitions; one is killed (-9) mid-stream and never comes back. The survivor must take
 * its partitions over (after the session timeout, and after the dead one's open transaction has timed out) and
 * continue each document exactly where the committed log ends.
 */
class SequencerFailoverIT {

    private static final long SEED = 4242L;

    @Test
    void survivorTakesOverTheKilledInstancesDocumentsWithoutLossOrRepeat() {
        String bootstrap = TestKafka.get().bootstrapServers();
        ServiceProcess survivor = SequencerProcesses.sequencer("failover-a", 3, 1000);
        ServiceProcess victim = SequencerProcesses.sequencer("failover-b", 3, 1000);
        try (EditLoad load = EditLoad.builder(bootstrap)
                .documents(SequencerProcesses.documentsInEveryPartition("failover", 1))
                .clientsPerDocument(3)
                .seed(SEED)
                .resendAfter(Duration.ofSeconds(2))
                .build()) {
            survivor.start();
            victim.start();
            survivor.awaitReady(SequencerProcesses.READY);
            victim.awaitReady(SequencerProcesses.READY);
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> SequencerProcesses.assertOwnedBy(
                    SequencerProcesses.assignment(), "failover-a", "failover-b"));
            load.start();
            long beforeKill = 60;
            await().atMost(Duration.ofMinutes(2)).until(() -> load.committed() >= beforeKill);

            victim.kill();

            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> SequencerProcesses.assertOwnedBy(
                    SequencerProcesses.assignment(), "failover-a"));
            long afterTakeover = load.committed() + 60;
            await().atMost(Duration.ofMinutes(2)).until(() -> load.committed() >= afterTakeover);
            SequencerProcesses.finishAndCheck("failover IT", load);
        } finally {
            victim.kill();
            survivor.stop();
        }
    }
}
