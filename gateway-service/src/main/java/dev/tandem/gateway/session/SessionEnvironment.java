package dev.tandem.gateway.session;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import dev.tandem.gateway.document.DocumentHub;
import dev.tandem.gateway.ids.ReadOnlyIds;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.PresenceUpdate;

/** What a {@link DocumentSession} needs from its gateway. */
public interface SessionEnvironment {

    DocumentHub hub();

    SessionLimits limits();

    /** Where a path's document id leads; empty when it is a malformed read-only id. */
    Optional<ReadOnlyIds.Address> resolve(String docId);

    /** Publishes to tandem.edits; {@code onFailure} runs if Kafka does not take it. Non-blocking. */
    void publishEdit(EditSubmitted edit, Consumer<Throwable> onFailure);

    /** Publishes to tandem.presence. Non-blocking. */
    void publishPresence(PresenceUpdate update);

    /** Runs {@code task} once after {@code delay}, off the caller's thread. */
    void schedule(Duration delay, Runnable task);

    /** Time from a submit to its ack, for the metrics (overall, and the worst documents'). */
    void recordAckLatency(String docId, long nanos);

    /** An error was sent to a connection (metrics and the abuse summary). Cheap; called under the session's lock. */
    void errorSent(ErrorCode code, String remoteAddress, String sessionId);

    /** Wall clock, milliseconds. */
    long currentTimeMillis();

    /** Monotonic clock, nanoseconds. */
    long nanoTime();
}
