package dev.tandem.gateway.document;

import java.time.Instant;

/** What the gateway knows about the progress of readers of tandem.ops. */
public interface LogProgress {

    /**
     * Whether the snapshot service has stored every event of {@code partition} below {@code offset} (or there is
     * no event below it). Answers false when it cannot tell.
     */
    boolean snapshotHasFolded(int partition, long offset);

    /**
     * Waits until this gateway's consumer has read {@code partition} up to the end it had when this was called
     * (the last stable offset), so every revision committed before the call has reached the live documents.
     *
     * @return false if that did not happen by {@code deadline}
     */
    boolean awaitConsumerCaughtUp(int partition, Instant deadline);
}
