package dev.tandem.snapshot.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The snapshot service's settings ({@code tandem.snapshot.*}; environment: {@code TANDEM_SNAPSHOT_*}). */
@ConfigMapping(prefix = "tandem.snapshot")
public interface SnapshotConfig {

    /**
     * A full-text snapshot is stored at every revision that is a multiple of this, so the text at any revision is
     * one snapshot plus fewer than this many ops. Smaller: faster reads of old revisions, more storage. Safe to
     * change at any time (readers use the latest snapshot at or before the revision they want).
     */
    @WithDefault("100")
    int snapshotInterval();

    /** The in-memory cache of document heads. */
    Cache cache();

    /** The timeline of editing sessions. */
    Timeline timeline();

    /** The REST API's page sizes. */
    Api api();

    /** Writing a batch to PostgreSQL. */
    Writes writes();

    /** When the service calls itself ready. */
    Readiness readiness();

    interface Readiness {
        /**
         * Ready only while the records of tandem.ops not yet folded (end offset minus committed offset, summed
         * over this instance's partitions) are at most this many: a service further behind would serve history
         * that is not current.
         */
        @WithDefault("2000")
        long maxLag();
    }

    interface Cache {
        /**
         * How many documents' head text is kept in memory (least recently folded evicted first), so folding a
         * batch does not re-read the database; a miss rebuilds the head from its latest snapshot and the ops
         * after it. Each entry holds one document's whole text.
         */
        @WithDefault("1000")
        int documents();
    }

    interface Timeline {
        /** A revision committed longer than this after the previous one starts a new editing session. */
        @WithDefault("PT5M")
        Duration idleGap();
    }

    interface Api {
        /** The most ops one {@code /ops} page holds; a longer range continues on the next page. */
        @WithDefault("1000")
        int maxOpsPerPage();

        /** The most revisions one {@code /revisions} page holds. */
        @WithDefault("1000")
        int maxRevisionsPerPage();

        /** Chat messages per page when the request gives no {@code limit}. */
        @WithDefault("50")
        int chatPageSize();

        /** The largest {@code limit} a chat request may ask for. */
        @WithDefault("200")
        int maxChatPageSize();
    }

    interface Writes {
        /**
         * How many times a batch's database transaction is tried before the consumer gives up (the Kafka channel
         * then fails, health goes DOWN, and a restart resumes from the last committed offset).
         */
        @WithDefault("5")
        int attempts();

        /** The wait before the first retry; it doubles on each further retry. */
        @WithDefault("PT0.5S")
        Duration backoff();
    }
}
