package dev.tandem.snapshot.persistence;

import java.time.Instant;

/**
 * A document's metadata row, outside the persistence package.
 *
 * @param createdAt    null while {@code headRevision} is 0
 * @param lastEditedAt when the head revision was committed; null while {@code headRevision} is 0
 * @param stallReason  why the projection of this document stopped, or null
 */
public record DocumentMeta(String docId, int headRevision, String language, Instant createdAt,
                           Instant lastEditedAt, String stallReason) {

    public boolean stalled() {
        return stallReason != null;
    }
}
