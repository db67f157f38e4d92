package dev.tandem.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.gateway.kafka.KafkaSettings;
import dev.tandem.protocol.Topics;
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

    /**
     * The other way to the same wait: the gateway starts before the snapshot service has committed anything (a
     * new consumer group, as after {@code ./tandem rebuild-read-side}), so its buffer starts at the end of the
     * log; the snapshot service then folds everything and commits the offset after the last record, one below the
     * end. The gateway must see that only a transaction marker lies between.
     */
    @Test
    void aSnapshotServiceThatCommitsOnlyAfterTheGatewayStartedIsSeenToHaveFoldedEverything()
            throws InterruptedException {
        String old = "refolded-" + UUID.randomUUID();
        try (TandemTestClient ada = TandemTestClient.of(TandemSystem.ws(system.gateway1), old, "Ada").connect()) {
            await().until(ada::isSynchronized);
            ada.insert(0, "folded again");
            await().until(ada::isSynchronized);
        }
        await().until(() -> "folded again".equals(system.snapshotStateText(old)));
        Thread.sleep(3_000);

        String group = "rebuilt-snapshot-" + UUID.randomUUID();
        ServiceProcess late = system.gateway("gateway-before-the-fold")
                .config("tandem.gateway.memory.buffer-lookback", "1s")
                .config("tandem.gateway.memory.snapshot-consumer-group", group)
                .build();
        try {
            late.start().awaitReady(Duration.ofMinutes(2));
            TopicPartition tp = new TopicPartition(Topics.OPS, KafkaSettings.partitionOf(old, PARTITIONS));
            commitAfterLastRecord(group, tp);

            String ws = TandemSystem.ws(late);
            try (TandemTestClient grace = TandemTestClient.of(ws, old, "Grace").connect()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> grace.isJoined() || !grace.errors().isEmpty());
                assertThat(grace.errors()).isEmpty();
                assertThat(grace.text()).isEqualTo("folded again");
            }
        } finally {
            late.stop();
        }
    }

    /** Commits for {@code group} what the snapshot service commits: the offset after the partition's last record. */
    private static void commitAfterLastRecord(String group, TopicPartition tp) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config)) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            long last = -1;
            while (c.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    last = r.offset();
                }
            }
            assertThat(last + 1).as("a transaction marker follows the last record").isLessThan(end);
            c.commitSync(Map.of(tp, new OffsetAndMetadata(last + 1)));
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
