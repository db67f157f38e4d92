package dev.tandem.protocol.kafka;

import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.TandemJson;

/**
 * Values of {@link dev.tandem.protocol.Topics#EDITS};
 * an invalid value reads as {@code null} (see {@link TandemDeserializer}).
 */
public final class EditSubmittedDeserializer extends TandemDeserializer<EditSubmitted> {

    @Override
    protected EditSubmitted decode(TandemJson json, byte[] data) {
        return json.decodeEditSubmitted(data);
    }
}
