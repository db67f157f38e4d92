package dev.tandem.sequencer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which aborted transactions stop the instance (a producer that can never commit again) and which are retried. */
class EditsConsumerFailuresTest {

    @Test
    void theErrorStateSeenAfterABrokerRestartStopsTheInstance() {
        // what KafkaProducer threw in LauncherIT after kill -9 of the broker, every second, for ever
        var wrapped = new KafkaException("Cannot execute transactional method because we are in an error state",
                new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));
        assertThat(EditsConsumer.producerUnusable(wrapped)).isTrue();
        assertThat(EditsConsumer.producerUnusable(
                new KafkaException("Cannot execute transactional method because we are in an error state"))).isTrue();
        assertThat(EditsConsumer.producerUnusable(new RuntimeException("commit failed",
                new InvalidTxnStateException("invalid")))).isTrue();
    }

    @Test
    void aTransientFailureIsRetried() {
        assertThat(EditsConsumer.producerUnusable(new TimeoutException("Timeout expired after 60000ms"))).isFalse();
        assertThat(EditsConsumer.producerUnusable(new KafkaException("broker not available"))).isFalse();
    }
}
