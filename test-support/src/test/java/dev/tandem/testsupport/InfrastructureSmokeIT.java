package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Whatever infrastructure was chosen on this machine (configured, Testcontainers or in-process) does what the
 * services rely on: records, transactions with read_committed consumers, partitioned topics, SQL.
 */
class InfrastructureSmokeIT {

    private static String uniqueTopic(String purpose) {
        return purpose + "-" + UUID.randomUUID();
    }

    @Test
    void aProducedRecordIsConsumed() throws Exception {
        String bootstrap = TestKafka.get().bootstrapServers();
        String topic = uniqueTopic("plain");
        TestKafka.get().createTopic(topic, 1);

        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap, null)) {
            producer.send(new ProducerRecord<>(topic, "doc-1", "hello")).get();
        }
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(bootstrap, "read_uncommitted")) {
            assertThat(KafkaClients.awaitValues(consumer, topic, 1)).containsExactly("hello");
        }
    }

    @Test
    void readCommittedConsumersSeeCommittedTransactionsOnly() {
        String bootstrap = TestKafka.get().bootstrapServers();
        String topic = uniqueTopic("transactional");
        TestKafka.get().createTopic(topic, 1);

        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap, "smoke-" + UUID.randomUUID())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "doc-1", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "doc-1", "committed"));
            producer.commitTransaction();
        }
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(bootstrap, "read_committed")) {
            assertThat(KafkaClients.awaitValues(consumer, topic, 1)).containsExactly("committed");
        }
    }

    @Test
    void aCreatedTopicHasTheRequestedPartitions() throws Exception {
        String topic = uniqueTopic("partitioned");
        TestKafka.get().createTopic(topic, 6);
        TestKafka.get().createTopic(topic, 6); // idempotent for the same shape

        try (var admin = TestKafka.get().admin()) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(6);
        }
        assertThatThrownBy(() -> TestKafka.get().createTopic(topic, 3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exists with 6 partitions");
    }

    @Test
    void aFreshDatabaseRunsQueries() throws SQLException {
        JdbcTarget target = TestPostgres.get().newDatabase("smoke");
        assertThat(target.databaseName()).startsWith("tandem_smoke_");

        try (var connection = target.connect(); var statement = connection.createStatement()) {
            try (var version = statement.executeQuery("select version()")) {
                assertThat(version.next()).isTrue();
                assertThat(version.getString(1)).startsWith("PostgreSQL");
            }
            statement.execute("create table op_log (doc_id text, revision int, primary key (doc_id, revision))");
            statement.execute("insert into op_log values ('doc-1', 1), ('doc-1', 2)");
            try (var rows = statement.executeQuery("select max(revision) from op_log where doc_id = 'doc-1'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void databasesHandedOutAreIsolatedFromEachOther() throws SQLException {
        JdbcTarget first = TestPostgres.get().newDatabase("isolation");
        JdbcTarget second = TestPostgres.get().newDatabase("isolation");
        assertThat(first.databaseName()).isNotEqualTo(second.databaseName());

        try (var connection = first.connect(); var statement = connection.createStatement()) {
            statement.execute("create table only_in_first (id int)");
        }
        try (var connection = second.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select count(*) from pg_tables where tablename = 'only_in_first'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }
}
