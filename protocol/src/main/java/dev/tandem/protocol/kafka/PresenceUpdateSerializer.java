package dev.tandem.protocol.kafka;

import dev.tandem.protocol.PresenceUpdate;

/** Values of {@link dev.tandem.protocol.Topics#PRESENCE}. */
public final class PresenceUpdateSerializer extends TandemSerializer<PresenceUpdate> {
}
