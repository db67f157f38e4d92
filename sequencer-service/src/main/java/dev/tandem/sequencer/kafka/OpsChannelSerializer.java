package dev.tandem.sequencer.kafka;

import org.apache.kafka.common.serialization.Serializer;

import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.kafka.SequencedEventSerializer;

/**
 * The value serializer of the transactional channel, which writes to three topics in one transaction: a decision
 * ({@link SequencedEvent}, to {@code tandem.ops} and {@code tandem.edits.dead}) as protocol JSON, a checkpoint or
 * mark (already encoded, to {@code tandem.checkpoints}) as its bytes.
 */
public final class OpsChannelSerializer implements Serializer<Object> {

    private final SequencedEventSerializer events = new SequencedEventSerializer();

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        if (data instanceof SequencedEvent event) {
            return events.serialize(topic, event);
        }
        throw new IllegalArgumentException("the ops channel writes decisions and checkpoints, not "
                + data.getClass().getName());
    }
}
