package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The Testcontainers flavour; skipped, with the reason, where no Docker engine answers. */
class ContainersIT {

    @Test
    void theKafkaContainerRunsTransactions() {
        Requirements.assumeDockerEngine();
        try (var kafka = Containers.startKafka();
             KafkaProducer<String, String> producer =
                     KafkaClients.producer(kafka.getBootstrapServers(), "containers-" + UUID.randomUUID());
             var consumer = KafkaClients.consumer(kafka.getBootstrapServers(), "read_committed")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("containers", "k", "committed"));
            producer.commitTransaction();
            assertThat(KafkaClients.awaitValues(consumer, "containers", 1)).containsExactly("committed");
        }
    }

    @Test
    void thePostgresContainerRunsQueries() throws SQLException {
        Requirements.assumeDockerEngine();
        try (var postgres = Containers.startPostgres()) {
            var target = new JdbcTarget(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
            try (var connection = target.connect(); var rows = connection.createStatement().executeQuery("select 1")) {
                assertThat(rows.next()).isTrue();
            }
        }
    }
}
