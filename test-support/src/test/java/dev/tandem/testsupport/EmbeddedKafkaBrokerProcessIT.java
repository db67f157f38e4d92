package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker as a launcher script will run it ({@link KafkaBrokerProcess}): its own {@code java} process that says
 * READY, and keeps its topics across a restart on the same data directory. (After SIGKILL too: FaultMatrixIT.)
 */
class EmbeddedKafkaBrokerProcessIT {

    private static final Duration READY = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aBrokerProcessSaysReadyAndKeepsTopicsAcrossARestart() throws Exception {
        TestLogging.configure(); // quiets this JVM's admin clients
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.of(dir.resolve("data"), dir.resolve("broker.log"))) {
            broker.start().awaitReady(READY);
            try (Admin admin = admin(broker.bootstrapServers())) {
                admin.createTopics(List.of(new NewTopic("persisted", 3, (short) 1))).all().get();
            }
            broker.stop();
            broker.start().awaitReady(READY);
            assertHasTopic(broker);
        }
    }

    private static void assertHasTopic(KafkaBrokerProcess broker) {
        try (Admin admin = admin(broker.bootstrapServers())) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.describeTopics(List.of("persisted")).allTopicNames().get()
                            .get("persisted").partitions()).hasSize(3));
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }
}
