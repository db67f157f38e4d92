package dev.tandem.gateway.session;

/**
 * The pace of one connection's presence (docs/protocol.md, section 8): at most {@code perSecond} published, the
 * latest of a faster stream kept and published once the rate allows. Not thread-safe: used under the session's
 * lock.
 */
final class PresenceCoalescer {

    /** {@link #offer}: a flush is already scheduled; it will publish the latest. */
    static final long COALESCED = -1;

    private final long intervalNanos;
    private long lastPublishNanos = Long.MIN_VALUE / 2;
    private boolean flushScheduled;

    PresenceCoalescer(int perSecond) {
        this.intervalNanos = 1_000_000_000L / perSecond;
    }

    /**
     * A new presence: 0 to publish it now; {@link #COALESCED}; or the delay after which to call {@link #flushed}
     * and publish the latest.
     */
    long offer(long nowNanos) {
        if (flushScheduled) {
            return COALESCED;
        }
        if (nowNanos - lastPublishNanos >= intervalNanos) {
            lastPublishNanos = nowNanos;
            return 0;
        }
        flushScheduled = true;
        return Math.max(1, lastPublishNanos + intervalNanos - nowNanos);
    }

    /** The scheduled flush runs: the latest presence is published now. */
    void flushed(long nowNanos) {
        flushScheduled = false;
        lastPublishNanos = nowNanos;
    }
}
