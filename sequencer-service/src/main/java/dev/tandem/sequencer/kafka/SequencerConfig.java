package dev.tandem.sequencer.kafka;

import java.time.Duration;

import dev.tandem.sequencer.SequencerLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The sequencer's settings ({@code tandem.sequencer.*}). */
@ConfigMapping(prefix = "tandem.sequencer")
public interface SequencerConfig {

    /**
     * This instance's stable identity: its Kafka {@code transactional.id} and static {@code group.instance.id}
     * derive from it. A restarted instance must reuse its id: that fences its dead predecessor and aborts the
     * transaction it left open at once, instead of after {@code transaction.timeout.ms}. Two live instances must
     * never share one. Default: this host's name ({@link InstanceIdConfigSource}), right for one instance per host
     * or container.
     */
    String instanceId();

    /**
     * Sequencing workers in this instance. Each is its own member of the consumer group with its own
     * transactional producer (KIP-447), so it owns a share of the partitions and one worker's commit never holds
     * another's documents. Worker 0's Kafka ids are those of the instance; worker n's end in {@code -w<n>}.
     */
    @WithDefault("1")
    int workers();

    /** The consumer group of {@code tandem.edits}: every instance of one system shares it. */
    @WithDefault("tandem-sequencer")
    String groupId();

    /**
     * A dead instance's partitions move to the survivors after this ({@code session.timeout.ms}). The broker's
     * {@code group.min.session.timeout.ms} must allow it (1000 in every broker of this project).
     */
    @WithDefault("1500ms")
    Duration sessionTimeout();

    /** {@code heartbeat.interval.ms}: three per session, so one lost or late heartbeat does not end a session. */
    @WithDefault("500ms")
    Duration heartbeatInterval();

    /**
     * {@code transaction.timeout.ms}: a dead instance's open transaction blocks read_committed readers of its
     * partitions until this has run out and the broker's next abort check has come (250 ms in this project's
     * brokers). A transaction is only sends and a commit (milliseconds); one that outlives this is aborted by the
     * broker, and the worker makes a new producer.
     */
    @WithDefault("1500ms")
    Duration transactionTimeout();

    /** Edits one poll returns at most; a batch (one transaction) holds at most this, or twice it if topped up. */
    @WithDefault("500")
    int maxPollRecords();

    /**
     * How long the short poll that tops up a batch waits at most (0: never topped up). A poll that returns at once
     * hands over edits fetched while the last transaction was being committed; the top-up takes the ones that
     * arrived after that fetch, which would otherwise wait for one more transaction.
     */
    @WithDefault("1ms")
    Duration topUpPoll();

    /**
     * Committed ops kept per document to transform submitted edits against (W). An edit based on a revision older
     * than that is refused with {@code BASE_REVISION_TOO_OLD}; the client resumes and resends it.
     */
    @WithDefault("1000")
    int window();

    /**
     * Documents whose state is kept in memory (LRU). An evicted document is rebuilt alone from its partition of
     * {@code tandem.ops} when its next edit arrives.
     */
    @WithDefault("10000")
    int hotDocuments();

    /**
     * Clients per document whose last committed clientSeq is remembered (LRU), to answer resends with
     * {@code EditDuplicate}.
     */
    @WithDefault("1000")
    int clientsPerDocument();

    /** Longest document in code points; an edit that would make it longer is refused with DOCUMENT_TOO_LARGE. */
    @WithDefault("10000000")
    int maxDocumentLength();

    /**
     * How long a rebuild waits for a partition of {@code tandem.ops} to have no open transaction (a dead owner's
     * transaction is aborted after its {@code transaction.timeout.ms}, checked every 250 ms by the brokers of this
     * project, every 10 s by a stock one) before the batch fails and is retried.
     */
    @WithDefault("60s")
    Duration rebuildStableTimeout();

    /**
     * Readiness goes DOWN when a partition of {@code tandem.edits} has edits waiting and its committed offset has
     * not moved for this long (ProgressHealthCheck).
     */
    @WithDefault("30s")
    Duration stallTimeout();

    /** How often the committed and end offsets of tandem.edits are sampled for readiness. */
    @WithDefault("5s")
    Duration progressSampleInterval();

    /** Checkpoints of document state on {@code tandem.checkpoints} ({@code tandem.sequencer.checkpoint.*}). */
    Checkpoint checkpoint();

    /** How often and how much state is checkpointed, so that recovery reads only the tail of the log. */
    interface Checkpoint {

        /**
         * Every document in memory with ops past its last checkpoint is checkpointed once per interval (with the
         * next batch after it): a recovery reads at most about this much of the log, besides the checkpoints.
         */
        @WithDefault("5s")
        Duration interval();

        /**
         * The window's share of a checkpoint: its newest edits whose JSON fits. A restored document transforms
         * against those only; an older base is refused with BASE_REVISION_TOO_OLD and the client resumes.
         */
        @WithDefault("4194304")
        int windowBytes();

        /**
         * Checkpoint bytes one transaction writes at most (beyond one checkpoint): a round that needs more is
         * spread over the next batches, so that no transaction comes near {@code transaction.timeout.ms}.
         */
        @WithDefault("8388608")
        long maxBytesPerTransaction();

        /**
         * Checkpoints a partition's rebuild keeps in memory as it reads them (the newest), in bytes, undecoded: each
         * is decoded when an edit first needs its document (a few milliseconds), the others are read back from
         * {@code tandem.checkpoints} (one read each). Kept until used or the partition leaves: every owned partition
         * holds up to this much.
         */
        @WithDefault("8388608")
        long rebuildCacheBytes();
    }

    /** The largest checkpoint record: a document of the longest length, in UTF-8, with a full ledger and window. */
    default int checkpointMaxBytes() {
        return Math.toIntExact(dev.tandem.sequencer.checkpoint.CheckpointCodec.maxBytes(maxDocumentLength(),
                clientsPerDocument(), checkpoint().windowBytes()));
    }

    /** The limits of one document's sequencer; its largest record comes from the frame limit (LimitsConfig). */
    default SequencerLimits limits(int maxRecordValueBytes) {
        return new SequencerLimits(window(), clientsPerDocument(), maxDocumentLength(), maxRecordValueBytes);
    }
}
