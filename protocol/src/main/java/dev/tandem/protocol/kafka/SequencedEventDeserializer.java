package dev.tandem.protocol.kafka;

import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.TandemJson;

/**
 * Values of {@link dev.tandem.protocol.Topics#OPS};
 * an invalid value reads as {@code null} (see {@link TandemDeserializer}).
 */
public final class SequencedEventDeserializer extends TandemDeserializer<SequencedEvent> {

    @Override
    protected SequencedEvent decode(TandemJson json, byte[] data) {
        return json.decodeSequencedEvent(data);
    }
}
