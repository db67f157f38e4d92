package dev.tandem.gateway.session;

import dev.tandem.gateway.config.GatewayConfig;

/** The per-connection limits of docs/protocol.md, section 12, as the session applies them. */
public record SessionLimits(int maxFrameBytes, int maxDocumentLength, int submitsPerSecond, int submitBurst,
                            int messagesPerSecond, int presencePerSecond, int connectionsPerDocument,
                            int maxPendingSends, long joinTimeoutMillis, long idleTimeoutMillis) {

    public static SessionLimits of(GatewayConfig.Limits l) {
        return new SessionLimits(l.maxFrameBytes(), l.maxDocumentLength(), l.submitsPerSecond(), l.submitBurst(),
                l.messagesPerSecond(), l.presencePerSecond(), l.connectionsPerDocument(), l.maxPendingSends(),
                l.joinTimeout().toMillis(), l.idleTimeout().toMillis());
    }
}
