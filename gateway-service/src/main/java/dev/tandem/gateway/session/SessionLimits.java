package dev.tandem.gateway.session;

import dev.tandem.gateway.config.GatewayConfig;

/** The per-connection limits of docs/protocol.md, section 12, as the session applies them. */
public record SessionLimits(int maxFrameBytes, int maxDocumentLength, int submitsPerSecond, int submitBurst,
                            int messagesPerSecond, int nonFatalErrors, long nonFatalErrorPeriodMillis,
                            long rateLimitedRetryAfterMillis, long tooManyConnectionsRetryAfterMillis,
                            int presencePerSecond, int connectionsPerDocument, int maxPendingSends,
                            long joinTimeoutMillis, long idleTimeoutMillis) {

    public static SessionLimits of(int maxFrameBytes, GatewayConfig.Limits l) {
        return new SessionLimits(maxFrameBytes, l.maxDocumentLength(), l.submitsPerSecond(), l.submitBurst(),
                l.messagesPerSecond(), l.nonFatalErrors(), l.nonFatalErrorPeriod().toMillis(),
                l.rateLimitedRetryAfter().toMillis(), l.tooManyConnectionsRetryAfter().toMillis(),
                l.presencePerSecond(), l.connectionsPerDocument(), l.maxPendingSends(),
                l.joinTimeout().toMillis(), l.idleTimeout().toMillis());
    }

    /** The defaults of protocol.md section 12, for tests. */
    public static SessionLimits defaults() {
        return new SessionLimits(1 << 20, 10_000_000, 50, 100, 200, 20, 10_000, 5_000, 30_000, 20, 100, 20_000,
                10_000, 60_000);
    }
}
