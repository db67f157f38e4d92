package dev.tandem.protocol;

/**
 * The Kafka topics. Every record on them is keyed by the document id (UTF-8 string), so all events of one
 * document share a partition and keep their order; values are UTF-8 JSON written by {@link TandemJson}.
 */
public final class Topics {
    /** {@link EditSubmitted}: gateways to the sequencer. */
    public static final String EDITS = "tandem.edits";
    /** {@link SequencedEvent}: the sequencer to gateways and the snapshot service; written transactionally. */
    public static final String OPS = "tandem.ops";
    /**
     * The sequencer's checkpoints of document state, compacted (the latest per document), each written in the
     * transaction of the ops it holds, and per partition a mark: the offset of {@link #OPS} recovery reads from.
     * Same partition count as {@link #OPS}; read by the sequencer alone (its format is the sequencer's own).
     */
    public static final String CHECKPOINTS = "tandem.checkpoints";
    /** {@link PresenceUpdate}: gateway to gateway; transient, short retention. */
    public static final String PRESENCE = "tandem.presence";
    /**
     * The sequencer's dead letters: the {@link EditRejected} answer to each edit of {@link #EDITS} it could not
     * decide or produce (a bug, a record the log refused), with headers naming the edit's partition and offset and
     * why. Written in the transaction that answers the edit; read by operators only.
     */
    public static final String EDITS_DEAD = "tandem.edits.dead";

    private Topics() {
    }
}
