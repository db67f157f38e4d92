package dev.tandem.protocol.kafka;

import dev.tandem.protocol.SequencedEvent;

/** Values of {@link dev.tandem.protocol.Topics#OPS}. */
public final class SequencedEventSerializer extends TandemSerializer<SequencedEvent> {
}
