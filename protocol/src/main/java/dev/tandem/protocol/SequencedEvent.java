package dev.tandem.protocol;

/**
 * On {@link Topics#OPS}: what the sequencer decided about one {@link EditSubmitted}, in the document's order.
 * JSON: an object whose {@code type} is {@value OpCommitted#TYPE}, {@value EditRejected#TYPE} or
 * {@value EditDuplicate#TYPE}.
 */
public sealed interface SequencedEvent permits OpCommitted, EditRejected, EditDuplicate {

    /** The wire discriminator. */
    String type();

    String docId();

    /** The client whose edit this is about. */
    String clientId();

    /** Which of that client's edits this is about. */
    long clientSeq();
}
