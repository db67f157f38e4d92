package dev.tandem.snapshot.projection;

/**
 * Which revisions get a full-text snapshot: every multiple of {@code interval}. So the text at any revision
 * {@code r} is the snapshot at {@code r - r % interval} (or the empty document below the first) plus fewer than
 * {@code interval} ops. Readers take the latest snapshot at or before {@code r}, so changing the interval never
 * breaks a read; it only changes how many ops it folds until new snapshots exist.
 */
public record SnapshotPolicy(int interval) {

    public SnapshotPolicy {
        if (interval < 1) {
            throw new IllegalArgumentException("the snapshot interval must be >= 1, was " + interval);
        }
    }

    /** Whether the state at {@code revision} is stored as a snapshot. */
    public boolean isDue(int revision) {
        return revision > 0 && revision % interval == 0;
    }
}
