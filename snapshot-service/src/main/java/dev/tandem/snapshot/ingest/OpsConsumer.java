package dev.tandem.snapshot.ingest;

import dev.tandem.protocol.SequencedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;

/**
 * Consumes {@code tandem.ops} (read_committed) in batches, on a worker thread, one batch at a time. The batch is
 * acknowledged when this method returns, after the database transaction committed; the connector commits the
 * acknowledged offsets afterwards (channel {@code ops} in application.properties). A thrown exception fails the
 * channel: health goes DOWN and nothing after the failed batch is acknowledged.
 */
@ApplicationScoped
public class OpsConsumer {
    private final ProjectionService projection;
    private final LogIdentity identity;

    public OpsConsumer(ProjectionService projection, LogIdentity identity) {
        this.projection = projection;
        this.identity = identity;
    }

    @Incoming("ops")
    @Blocking
    public void consume(ConsumerRecords<String, SequencedEvent> records) {
        identity.verify(); // nothing of another log is ever folded into this database
        // values in partition and offset order; null where SequencedEventDeserializer refused a poison record
        List<SequencedEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, SequencedEvent> record : records) {
            events.add(record.value());
        }
        projection.apply(events);
    }
}
