package dev.tandem.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.gateway.kafka.KafkaSettings;
import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.ws.TandemTestClient;

/**
 * Use Tandem, leave it alone for longer than a gateway's look-back, start a gateway: documents edited before the
 * pause open with their text, and brand-new documents on the same partitions open at once.
 *
 * <p>The bug this reproduces: a gateway that finds nothing written within its look-back starts reading each
 * partition at the end of the log, past the last transaction marker, and waited for the snapshot service to have
 * committed that offset; the snapshot service commits the offset after the last record it stored, one below, so
 * every join of a document not in the gateway's memory waited for ever ("the snapshot service has not caught up
 * with tandem.ops partition 5 offset 109"). A look-back of one second makes the pause short.
 */
class RestartAfterPauseIT {

    private static final int PARTITIONS = 12;
    private static TandemSystem system;

    @BeforeAll
    static void system() {
        system = TandemSystem.get();
    }

    @Test
    void afterAPauseLongerThanTheLookBackOldAndNewDocumentsOpen() throws InterruptedException {
        String old = "paused-" + UUID.randomUUID();
        try (TandemTestClient ada = TandemTestClient.of(TandemSystem.ws(system.gateway1), old, "Ada").connect()) {
            await().until(ada::isSynchronized);
            ada.insert(0, "written before the pause");
            await().until(ada::isSynchronized);
        }
        await().until(() -> "written before the pause".equals(system.snapshotStateText(old)));
        // the pause: longer than the new gateway's look-back and the snapshot service's commit interval (1 s)
        Thread.sleep(3_000);

        ServiceProcess late = system.gateway("gateway-after-pause")
                .config("tandem.gateway.memory.buffer-lookback", "1s")
                .build();
        try {
            late.start().awaitReady(Duration.ofMinutes(2));
            String ws = TandemSystem.ws(late);
            try (TandemTestClient grace = TandemTestClient.of(ws, old, "Grace").connect()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> grace.isJoined() || !grace.errors().isEmpty());
                assertThat(grace.errors()).isEmpty();
                assertThat(grace.text()).isEqualTo("written before the pause");
            }
            String fresh = onTheSamePartitionAs(old);
            try (TandemTestClient bob = TandemTestClient.of(ws, fresh, "Bob").connect()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> bob.isJoined() || !bob.errors().isEmpty());
                assertThat(bob.errors()).isEmpty();
                bob.insert(0, "new");
                await().until(bob::isSynchronized);
                assertThat(bob.revision()).isEqualTo(1);
            }
        } finally {
            late.stop();
        }
    }

    private static String onTheSamePartitionAs(String docId) {
        int partition = KafkaSettings.partitionOf(docId, PARTITIONS);
        for (int i = 0; ; i++) {
            String candidate = "fresh-" + i + "-" + UUID.randomUUID();
            if (KafkaSettings.partitionOf(candidate, PARTITIONS) == partition) {
                return candidate;
            }
        }
    }
}
