package dev.tandem.gateway.document;

import java.util.Optional;

import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.OpPage;

/** What the gateway reads from the snapshot service (docs/protocol.md, section 14). Blocking. */
public interface SnapshotSource {

    /**
     * The document at the service's head; empty when the service holds no revision of it (404).
     *
     * @throws SnapshotUnavailableException when the service cannot be reached or fails
     */
    Optional<DocumentState> head(String docId);

    /**
     * The committed ops from revision {@code from} on (a page); empty when the service has not folded revision
     * {@code from - 1} yet (the document is unknown to it, or {@code from} is beyond its head plus one).
     *
     * @throws SnapshotUnavailableException when the service cannot be reached or fails
     */
    Optional<OpPage> ops(String docId, int from);

    /** The snapshot service cannot answer. */
    final class SnapshotUnavailableException extends RuntimeException {
        public SnapshotUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
