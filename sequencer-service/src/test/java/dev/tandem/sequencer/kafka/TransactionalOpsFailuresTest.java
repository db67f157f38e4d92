package dev.tandem.sequencer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failures replace the producer (it can never commit again) and which only abort the transaction. */
class TransactionalOpsFailuresTest {

    @Test
    void theErrorStateSeenAfterABrokerRestartReplacesTheProducer() {
        // what KafkaProducer threw in LauncherIT after kill -9 of the broker, every second, for ever
        var wrapped = new KafkaException("Cannot execute transactional method because we are in an error state",
                new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));
        assertThat(TransactionalOps.unusable(wrapped)).isTrue();
        assertThat(TransactionalOps.unusable(
                new KafkaException("Cannot execute transactional method because we are in an error state"))).isTrue();
        assertThat(TransactionalOps.unusable(new RuntimeException("commit failed",
                new InvalidTxnStateException("invalid")))).isTrue();
    }

    @Test
    void aTransientFailureIsRetried() {
        assertThat(TransactionalOps.unusable(new TimeoutException("Timeout expired after 60000ms"))).isFalse();
        assertThat(TransactionalOps.unusable(new KafkaException("broker not available"))).isFalse();
    }
}
