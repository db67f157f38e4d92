package dev.tandem.sequencer.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

import dev.tandem.protocol.SizeLimits;
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

    static final String MAX_MESSAGE_BYTES = TopicConfig.MAX_MESSAGE_BYTES_CONFIG;

    /**
     * edits: a week to spare; ops: forever, it is the log of record; checkpoints: compacted, of the largest
     * checkpoint ({@code SequencerConfig#checkpointMaxBytes}); the dead letters: four weeks, time for an
     * operator to look; presence: transient. The topics that carry edits take records of the largest size
     * ({@link SizeLimits#maxKafkaRecordBytes}), whatever the broker's default.
     */
    public static List<TopicSpec> topics(int maxFrameBytes, int checkpointMaxBytes) {
        String maxMessageBytes = String.valueOf(SizeLimits.maxKafkaRecordBytes(maxFrameBytes));
        return List.of(
                // compacted: one checkpoint per document survives; short segments so the cleaner gets to them
                // (the active segment is never compacted, and a rebuild reads all of it)
                new TopicSpec(Topics.CHECKPOINTS, Map.of("cleanup.policy", "compact",
                        "segment.ms", String.valueOf(Duration.ofMinutes(1).toMillis()),
                        "min.compaction.lag.ms", "0",
                        MAX_MESSAGE_BYTES, String.valueOf(checkpointMaxBytes))),
                new TopicSpec(Topics.EDITS, Map.of("retention.ms", String.valueOf(Duration.ofDays(7).toMillis()),
                        MAX_MESSAGE_BYTES, maxMessageBytes)),
                new TopicSpec(Topics.OPS, Map.of("retention.ms", "-1", "retention.bytes", "-1",
                        MAX_MESSAGE_BYTES, maxMessageBytes)),
                new TopicSpec(Topics.EDITS_DEAD, Map.of("retention.ms", String.valueOf(Duration.ofDays(28).toMillis()),
                        MAX_MESSAGE_BYTES, maxMessageBytes)),
                new TopicSpec(Topics.PRESENCE, Map.of("retention.ms", String.valueOf(Duration.ofHours(1).toMillis()))));
    }

    private final KafkaSettings kafka;
    private final TopicsConfig config;
    private final LimitsConfig limits;
    private final SequencerConfig sequencer;

    public TopicInitializer(KafkaSettings kafka, TopicsConfig config, LimitsConfig limits,
                            SequencerConfig sequencer) {
        this.kafka = kafka;
        this.config = config;
        this.limits = limits;
        this.sequencer = sequencer;
    }

    /** Before SmallRye Reactive Messaging (LIBRARY_BEFORE) subscribes the channels. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        try (Admin admin = kafka.admin()) {
            ensure(admin, topics(limits.maxFrameBytes(), sequencer.checkpointMaxBytes()), config.partitions(), config.replicationFactor());
        }
    }

    /**
     * Creates the missing topics of {@code topics}, checks the partition count of all of them, and raises the
     * {@code max.message.bytes} of an existing one to what its spec asks where it is lower (a topic created with
     * the broker's default, or before the frame limit was raised; a higher value is left alone).
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
            raiseMaxMessageBytes(admin, topics);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create or check the topics " + topics + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the topics", e);
        }
    }

    private static void raiseMaxMessageBytes(Admin admin, List<TopicSpec> topics)
            throws ExecutionException, InterruptedException {
        Map<ConfigResource, String> wanted = new HashMap<>();
        for (TopicSpec topic : topics) {
            String bytes = topic.configs().get(MAX_MESSAGE_BYTES);
            if (bytes != null) {
                wanted.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()), bytes);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        Map<ConfigResource, Collection<AlterConfigOp>> raises = new HashMap<>();
        admin.describeConfigs(wanted.keySet()).all().get().forEach((resource, config) -> {
            ConfigEntry actual = config.get(MAX_MESSAGE_BYTES);
            long want = Long.parseLong(wanted.get(resource));
            if (actual == null || actual.value() == null || Long.parseLong(actual.value()) < want) {
                LOG.warnf("topic %s has max.message.bytes %s, below the %d that tandem.limits.max-frame-bytes needs:"
                        + " raising it", resource.name(), actual == null ? "unset" : actual.value(), want);
                raises.put(resource, List.of(new AlterConfigOp(new ConfigEntry(MAX_MESSAGE_BYTES, String.valueOf(want)),
                        AlterConfigOp.OpType.SET)));
            }
        });
        if (!raises.isEmpty()) {
            admin.incrementalAlterConfigs(raises).all().get();
            LOG.infof("raised max.message.bytes of %s", raises.keySet().stream().map(ConfigResource::name).toList());
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
