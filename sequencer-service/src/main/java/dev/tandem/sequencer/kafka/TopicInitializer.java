package dev.tandem.sequencer.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

import dev.tandem.protocol.Topics;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the topics with explicit partition counts and settings before the channels start (never by a broker's
 * auto-creation, which would pick its own partition count), and refuses to start if one exists with another
 * partition count: that would move documents between partitions and break their order.
 */
@ApplicationScoped
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    /** A topic to ensure: its name and settings. */
    public record TopicSpec(String name, Map<String, String> configs) {
    }

    /** edits: a week to spare; ops: forever, it is the log of record; presence: transient. */
    public static final List<TopicSpec> TOPICS = List.of(
            new TopicSpec(Topics.EDITS, Map.of("retention.ms", String.valueOf(Duration.ofDays(7).toMillis()))),
            new TopicSpec(Topics.OPS, Map.of("retention.ms", "-1", "retention.bytes", "-1")),
            new TopicSpec(Topics.PRESENCE, Map.of("retention.ms", String.valueOf(Duration.ofHours(1).toMillis()))));

    private final KafkaSettings kafka;
    private final TopicsConfig config;

    public TopicInitializer(KafkaSettings kafka, TopicsConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    /** Before SmallRye Reactive Messaging (LIBRARY_BEFORE) subscribes the channels. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        try (Admin admin = kafka.admin()) {
            ensure(admin, TOPICS, config.partitions(), config.replicationFactor());
        }
    }

    /**
     * Creates the missing topics of {@code topics} and checks the partition count of all of them.
     *
     * @throws IllegalStateException if a topic exists with another partition count, or Kafka cannot be reached
     */
    public static void ensure(Admin admin, List<TopicSpec> topics, int partitions, short replicationFactor) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec topic : topics) {
                if (!existing.contains(topic.name())) {
                    missing.add(new NewTopic(topic.name(), partitions, replicationFactor).configs(topic.configs()));
                }
            }
            for (var created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get();
                    LOG.infof("created topic %s with %d partitions", created.getKey(), partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another instance was quicker
                        throw e;
                    }
                }
            }
            List<String> names = topics.stream().map(TopicSpec::name).toList();
            for (TopicDescription topic : describe(admin, names)) {
                int actual = topic.partitions().size();
                if (actual != partitions) {
                    throw new IllegalStateException("topic " + topic.name() + " exists with " + actual
                            + " partitions, but tandem.topics.partitions is " + partitions + ": set it to " + actual
                            + " (changing the partition count would move documents between partitions and break"
                            + " their order)");
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create or check the topics " + topics + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the topics", e);
        }
    }

    /** A topic just created may not be known to the broker that answers yet: ask again for a while. */
    private static Collection<TopicDescription> describe(Admin admin, List<String> names)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get().values();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100); // metadata propagation has no event to wait on
            }
        }
    }
}
