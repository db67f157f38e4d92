package dev.tandem.sequencer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import dev.tandem.sequencer.kafka.TopicInitializer.TopicSpec;
import dev.tandem.testsupport.TestKafka;

/** Against a real broker, on topics of its own (the service's topics are created by its @QuarkusTest). */
class TopicInitializerTest {

    private final String name = "topic-init-" + UUID.randomUUID();

    @Test
    void missingTopicIsCreatedWithThePartitionsAndSettingsAsked() throws Exception {
        try (Admin admin = TestKafka.get().admin()) {
            TopicInitializer.ensure(admin, List.of(new TopicSpec(name, Map.of("retention.ms", "-1"))), 3, (short) 1);

            assertThat(admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions()).hasSize(3);
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, name);
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
        }
    }

    @Test
    void existingTopicWithAnotherPartitionCountStopsTheStartWithTheReason() {
        TestKafka.get().createTopic(name, 2);
        try (Admin admin = TestKafka.get().admin()) {
            assertThatThrownBy(() -> TopicInitializer.ensure(admin, List.of(new TopicSpec(name, Map.of())), 12,
                    (short) 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("topic " + name + " exists with 2 partitions, but tandem.topics.partitions"
                            + " is 12");
        }
    }

    @Test
    void existingTopicWithTheSamePartitionCountIsAccepted() {
        TestKafka.get().createTopic(name, 4);
        try (Admin admin = TestKafka.get().admin()) {
            TopicInitializer.ensure(admin, List.of(new TopicSpec(name, Map.of())), 4, (short) 1);
        }
    }

    @Test
    void existingTopicWithASmallerMaxMessageBytesIsRaisedAndALargerOneKept() throws Exception {
        String larger = name + "-larger";
        try (Admin admin = TestKafka.get().admin()) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(Map.of("max.message.bytes", "1000")),
                    new NewTopic(larger, 1, (short) 1).configs(Map.of("max.message.bytes", "9000000")))).all().get();

            TopicInitializer.ensure(admin, List.of(new TopicSpec(name, Map.of("max.message.bytes", "2000000")),
                    new TopicSpec(larger, Map.of("max.message.bytes", "2000000"))), 1, (short) 1);

            assertThat(maxMessageBytes(admin, name)).isEqualTo("2000000");
            assertThat(maxMessageBytes(admin, larger)).isEqualTo("9000000");
        }
    }

    private static String maxMessageBytes(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource).get("max.message.bytes").value();
    }
}
