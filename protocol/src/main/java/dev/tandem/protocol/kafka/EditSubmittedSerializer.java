package dev.tandem.protocol.kafka;

import dev.tandem.protocol.EditSubmitted;

/** Values of {@link dev.tandem.protocol.Topics#EDITS}. */
public final class EditSubmittedSerializer extends TandemSerializer<EditSubmitted> {
}
