package dev.tandem.testsupport;

import dev.tandem.protocol.SizeLimits;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers flavour of the infrastructure, for machines with a Docker engine. Images match what the
 * project runs elsewhere: the Kafka version the Quarkus BOM manages for clients, and PostgreSQL 15.
 * Testcontainers' own reaper removes the containers if the JVM dies before stopping them.
 */
public final class Containers {

    public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    public static final String POSTGRES_IMAGE = "postgres:15-alpine";

    private Containers() {
    }

    /**
     * A started single-node Kafka container. Testcontainers already sets the offsets and transaction topics to
     * one replica; the share-coordinator topic, the rebalance delay and the failover timers are set here to match the
     * in-process broker.
     */
    public static KafkaContainer startKafka() {
        var container = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_MESSAGE_MAX_BYTES",
                        String.valueOf(SizeLimits.maxKafkaRecordBytes(EmbeddedKafkaBroker.maxFrameBytes())))
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        EmbeddedKafkaBroker.FAILOVER_SETTINGS.forEach((key, value) -> container.withEnv(environmentName(key), value));
        container.start();
        return container;
    }

    /** The official image's environment variable for a broker setting: {@code KAFKA_} + the key, upper case, {@code _}. */
    static String environmentName(String brokerSetting) {
        return "KAFKA_" + brokerSetting.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }

    /** A started PostgreSQL container; its user is a superuser, so fresh databases can be created in it. */
    public static PostgreSQLContainer startPostgres() {
        var container = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE));
        container.start();
        return container;
    }
}
