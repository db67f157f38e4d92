package dev.tandem.snapshot.persistence;

/**
 * Another writer moved a document's head while this transaction folded onto it: a second instance that still
 * believed it owned the partition after a rebalance. The transaction rolls back and the batch is folded again
 * from the new head, where its ops are recognised as already stored.
 */
public class ConcurrentProjectionException extends RuntimeException {

    public ConcurrentProjectionException(String docId, int expectedHead) {
        super("the head of document " + docId + " is no longer revision " + expectedHead
                + ": another writer moved it");
    }
}
