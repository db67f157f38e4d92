package dev.tandem.protocol.kafka;

import dev.tandem.protocol.PresenceUpdate;
import dev.tandem.protocol.TandemJson;

/**
 * Values of {@link dev.tandem.protocol.Topics#PRESENCE};
 * an invalid value reads as {@code null} (see {@link TandemDeserializer}).
 */
public final class PresenceUpdateDeserializer extends TandemDeserializer<PresenceUpdate> {

    @Override
    protected PresenceUpdate decode(TandemJson json, byte[] data) {
        return json.decodePresenceUpdate(data);
    }
}
