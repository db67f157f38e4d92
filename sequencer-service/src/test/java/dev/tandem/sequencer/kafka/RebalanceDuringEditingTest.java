package dev.tandem.sequencer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import dev.tandem.protocol.Topics;
import dev.tandem.testsupport.TandemInfrastructureResource;
import dev.tandem.testsupport.TestKafka;
import dev.tandem.testsupport.load.EditLoad;
import dev.tandem.testsupport.load.LogInvariants;
import dev.tandem.testsupport.load.OpsLog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Partitions move away and back while clients edit: another member joins the sequencer's consumer group, takes
 * some partitions (consuming edits it never commits), and leaves. Batches in flight at each rebalance fail their
 * transaction (stale group generation) and are retried after the state is rebuilt; the log must stay sound.
 */
@QuarkusTest
@WithTestResource(TandemInfrastructureResource.class)
class RebalanceDuringEditingTest {

    private static final Logger LOG = Logger.getLogger(RebalanceDuringEditingTest.class);

    @Test
    void partitionsMovingAwayAndBackMidStreamLoseAndRepeatNothing() {
        String bootstrap = TestKafka.get().bootstrapServers();
        try (EditLoad load = EditLoad.builder(bootstrap).documents("rebalance", 6).clientsPerDocument(3).seed(99)
                .resendAfter(Duration.ofSeconds(2)).build()) {
            load.start();
            for (int round = 0; round < 3; round++) {
                long target = load.committed() + 40;
                await().atMost(Duration.ofMinutes(1)).until(() -> load.committed() >= target);
                joinTheGroupForAWhile(bootstrap);
            }
            long target = load.committed() + 40;
            await().atMost(Duration.ofMinutes(1)).until(() -> load.committed() >= target);
            load.stopEditing();
            await().atMost(Duration.ofMinutes(2)).until(load::isDone);

            assertThat(load.failures()).isEmpty();
            assertThat(LogInvariants.check(OpsLog.read(bootstrap, load.documents()), load.reports())).isEmpty();
        }
    }

    /** A second member of the sequencer's group: it gets partitions, holds them briefly, and leaves. */
    private static void joinTheGroupForAWhile(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> intruder = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "tandem-sequencer",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            intruder.subscribe(List.of(Topics.EDITS));
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                intruder.poll(Duration.ofMillis(100));
                return !intruder.assignment().isEmpty();
            });
            LOG.infof("intruder holds %s", intruder.assignment());
        }
    }
}
