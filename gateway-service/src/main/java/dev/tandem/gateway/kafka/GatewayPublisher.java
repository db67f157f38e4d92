package dev.tandem.gateway.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.PresenceUpdate;
import dev.tandem.protocol.Topics;
import dev.tandem.protocol.kafka.EditSubmittedSerializer;
import dev.tandem.protocol.kafka.PresenceUpdateSerializer;

/**
 * Writes tandem.edits (idempotent, acks=all: an edit Kafka accepted is never lost nor duplicated by a retry, and
 * the edits of one connection keep their order) and tandem.presence, keyed by document id.
 */
@ApplicationScoped
public class GatewayPublisher {

    private static final Logger LOG = Logger.getLogger(GatewayPublisher.class);

    private final Producer<String, EditSubmitted> edits;
    private final Producer<String, PresenceUpdate> presence;

    private final Timer published;

    public GatewayPublisher(KafkaSettings kafka, MeterRegistry registry) {
        this.published = Timer.builder("tandem.gateway.hop").tag("stage", "publish")
                .description("From an edit handed to the producer to Kafka's ack of its record on tandem.edits")
                .publishPercentileHistogram().register(registry);
        this.edits = new KafkaProducer<>(kafka.producer(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30000,
                ProducerConfig.CLIENT_ID_CONFIG, "tandem-gateway-edits",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EditSubmittedSerializer.class.getName())));
        this.presence = new KafkaProducer<>(kafka.producer(Map.of(
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000,
                ProducerConfig.CLIENT_ID_CONFIG, "tandem-gateway-presence",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, PresenceUpdateSerializer.class.getName())));
    }

    /** Publishes an edit; {@code onFailure} runs (on the producer's thread) if Kafka refuses it or times out. */
    public void publishEdit(EditSubmitted edit, Consumer<Throwable> onFailure) {
        long started = System.nanoTime();
        try {
            edits.send(new ProducerRecord<>(Topics.EDITS, edit.docId(), edit), (metadata, error) -> {
                if (error != null) {
                    onFailure.accept(error);
                } else {
                    published.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                }
            });
        } catch (RuntimeException e) {
            onFailure.accept(e);
        }
    }

    /** Publishes presence; a lost presence event is replaced by the next one (or the refresh). */
    public void publishPresence(PresenceUpdate update) {
        try {
            presence.send(new ProducerRecord<>(Topics.PRESENCE, update.docId(), update), (metadata, error) -> {
                if (error != null) {
                    LOG.debugf("presence of %s in %s not published: %s", update.clientId(), update.docId(), error);
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("presence of %s in %s not published: %s", update.clientId(), update.docId(), e);
        }
    }

    @PreDestroy
    void close() {
        presence.close(java.time.Duration.ofSeconds(2));
        edits.close(java.time.Duration.ofSeconds(5));
    }
}
