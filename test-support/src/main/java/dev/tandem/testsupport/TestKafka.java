package dev.tandem.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import dev.tandem.testsupport.InfrastructureChoice.Decision;
import dev.tandem.testsupport.InfrastructureChoice.KafkaSource;

/**
 * The Kafka broker of this JVM's tests: found or started on first use, shared by every test after it, stopped
 * by a shutdown hook. Which broker it is follows {@link InfrastructureChoice}: {@code KAFKA_BOOTSTRAP_SERVERS}
 * (or {@code -Dkafka.bootstrap.servers}), else a Testcontainers broker, else an {@link EmbeddedKafkaBroker}.
 * The choice and its reason are logged once, at INFO.
 */
public final class TestKafka {

    private static final System.Logger LOG = System.getLogger(TestKafka.class.getName());
    private static TestKafka instance;

    private final String bootstrapServers;
    private final KafkaSource source;

    private TestKafka(String bootstrapServers, KafkaSource source) {
        this.bootstrapServers = bootstrapServers;
        this.source = source;
    }

    /** The shared broker, started on the first call (3 to 5 s in-process); thread-safe. */
    public static synchronized TestKafka get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestKafka start() {
        TestLogging.configure();
        Optional<Setting> configured = Setting.lookup("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap.servers");
        Decision<KafkaSource> decision = InfrastructureChoice.kafka(configured, DockerProbe::status);
        long started = System.nanoTime();
        String bootstrap = switch (decision.source()) {
            case CONFIGURED -> configured.orElseThrow().value();
            case TESTCONTAINERS -> {
                var container = Containers.startKafka();
                onShutdown(container::stop);
                yield container.getBootstrapServers();
            }
            case IN_PROCESS -> {
                var broker = startInProcess();
                onShutdown(broker::close);
                yield broker.bootstrapServers();
            }
        };
        String millis = String.valueOf((System.nanoTime() - started) / 1_000_000);
        LOG.log(System.Logger.Level.INFO, "Kafka: {0} at {1} ({2}; ready in {3} ms)",
                describe(decision.source()), bootstrap, decision.reason(), millis);
        return new TestKafka(bootstrap, decision.source());
    }

    private static EmbeddedKafkaBroker startInProcess() {
        try {
            return EmbeddedKafkaBroker.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the in-process Kafka broker", e);
        }
    }

    private static String describe(KafkaSource source) {
        return switch (source) {
            case CONFIGURED -> "configured broker";
            case TESTCONTAINERS -> "Testcontainers broker (" + Containers.KAFKA_IMAGE + ")";
            case IN_PROCESS -> "in-process KRaft broker";
        };
    }

    private static void onShutdown(Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "tandem-test-kafka-shutdown"));
    }

    /** {@code host:port[,host:port]} for the {@code bootstrap.servers} client setting. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the broker came from: {@code CONFIGURED}, {@code TESTCONTAINERS} or {@code IN_PROCESS}. */
    public String source() {
        return source.name();
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * Creates a topic with one replica, waiting until the broker has it. A topic that already exists with the
     * same partition count is accepted (a configured broker may outlive a test run); a different count fails,
     * because partitioning is what a test about ordering depends on.
     */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + name, e.getCause());
                }
                int existing = admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().size();
                if (existing != partitions) {
                    throw new IllegalStateException("topic " + name + " exists with " + existing
                            + " partitions, not " + partitions);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not describe topic " + name, e.getCause());
        }
    }
}
