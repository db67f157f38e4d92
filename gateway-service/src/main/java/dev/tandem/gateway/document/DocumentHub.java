package dev.tandem.gateway.document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import dev.tandem.gateway.presence.PresenceTable;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.LanguageChange;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.PresenceUpdate;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.OpPage;

/**
 * Joins, resumes, gap filling and fan-out for the documents live on this gateway. Free of frameworks: the Kafka
 * consumer, the snapshot service and the WebSocket connections are behind interfaces.
 *
 * <h2>Why a join sees every revision after its snapshot once (the no-gap argument)</h2>
 * A document becomes live in {@link #acquire}: the {@link OpsRouter} registers it and hands over, atomically with
 * respect to the consumer, the run of its events held in the partition buffer, which holds every event of the
 * partition from offset {@code F} (its {@code completeFrom}) up to the consumer's position {@code X}; every event
 * from {@code X} on is routed to the document. What comes before {@code F} must come from the snapshot service:
 * <ul>
 *   <li>If the run starts at revision 1, nothing does: the document is the empty document plus the run.</li>
 *   <li>Otherwise the gateway waits (bounded by the catch-up timeout, then UNAVAILABLE) until the snapshot
 *       service has stored every event of the partition below {@code F} (its consumer group's committed offset,
 *       which it commits only after its database transaction), then takes the document from it at its head
 *       {@code S}. Every revision committed below {@code F} is {@code <= S}; every later one is in the run or
 *       will be routed; {@link LiveDocument} applies them from {@code S + 1} on and drops the ones at or below
 *       {@code S}.</li>
 * </ul>
 * Should a revision still be missing (a poison record, or the snapshot group not configured), the document sees
 * a revision beyond {@code head + 1}, holds it, and fetches the hole from the snapshot service ({@link Gap})
 * before delivering anything after it: a late revision, never a skipped one. Connections attach under the
 * document's lock right after a snapshot at head or a replay up to head (see {@link LiveDocument}).
 */
public final class DocumentHub {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(20);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(500);

    private final OpsRouter router;
    private final SnapshotSource snapshots;
    private final LogProgress progress;
    private final PresenceTable presence;
    private final Executor fillExecutor;
    private final Clock clock;
    private final Duration catchUpTimeout;
    private final int maxResumeReplay;

    public DocumentHub(OpsRouter router, SnapshotSource snapshots, LogProgress progress, PresenceTable presence,
                       Executor fillExecutor, Clock clock, Duration catchUpTimeout, int maxResumeReplay) {
        this.router = router;
        this.snapshots = snapshots;
        this.progress = progress;
        this.presence = presence;
        this.fillExecutor = fillExecutor;
        this.clock = clock;
        this.catchUpTimeout = catchUpTimeout;
        this.maxResumeReplay = maxResumeReplay;
    }

    public OpsRouter router() {
        return router;
    }

    public PresenceTable presenceTable() {
        return presence;
    }

    // ---- the consumer's side ------------------------------------------------------------------------------

    /** A committed event read from tandem.ops at {@code offset} of {@code partition}. */
    public void onCommitted(int partition, long offset, OpCommitted op) {
        LiveDocument document = router.route(partition, offset, op);
        if (document != null) {
            document.onCommitted(op).ifPresent(gap -> fill(document, gap));
        }
    }

    /** A refused edit read from tandem.ops. */
    public void onRejected(EditRejected rejected) {
        LiveDocument document = router.live(rejected.docId());
        if (document != null) {
            document.rejected(rejected);
        }
    }

    /** The sequencer's answer to a resend of an edit it had committed. */
    public void onDuplicate(EditDuplicate duplicate) {
        LiveDocument document = router.live(duplicate.docId());
        if (document != null) {
            document.duplicate(duplicate);
        }
    }

    /** A presence event read from tandem.presence. */
    public void onPresence(PresenceUpdate update) {
        PresenceTable.Change change = presence.apply(update);
        LiveDocument document = router.live(update.docId());
        if (document == null) {
            return;
        }
        if (change instanceof PresenceTable.Shown shown) {
            document.presence(shown.update());
        } else if (change instanceof PresenceTable.Left left) {
            document.left(left.clientId());
        }
    }

    /** Expires presence not refreshed since {@code cutoff}. */
    public void expirePresence(Instant cutoff) {
        for (PresenceTable.Left left : presence.expire(cutoff)) {
            LiveDocument document = router.live(left.docId());
            if (document != null) {
                document.left(left.clientId());
            }
        }
    }

    // ---- the connections' side (blocking: worker threads) ----------------------------------------------------

    /**
     * Takes hold of {@code docId} for a connection, loading it if it is not live yet; returns once it is live.
     * The caller must {@link #release} it.
     *
     * @throws JoinRefusedException TOO_MANY_CONNECTIONS, or UNAVAILABLE when it cannot be loaded in time
     */
    public LiveDocument acquire(String docId, int maxConnections) {
        OpsRouter.Acquired acquired = router.acquire(docId, maxConnections);
        if (acquired == null) {
            throw new JoinRefusedException(ErrorCode.TOO_MANY_CONNECTIONS,
                    "document " + docId + " has " + maxConnections + " connections on this gateway");
        }
        LiveDocument document = acquired.document();
        try {
            if (acquired.created()) {
                load(acquired);
            }
            document.ready().get(catchUpTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return document;
        } catch (JoinRefusedException e) {
            router.release(docId, clock.millis());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            router.release(docId, clock.millis());
            throw new JoinRefusedException(ErrorCode.UNAVAILABLE, "interrupted while loading " + docId);
        } catch (ExecutionException | TimeoutException e) {
            router.release(docId, clock.millis());
            throw new JoinRefusedException(ErrorCode.UNAVAILABLE, "document " + docId + " could not be loaded: "
                    + (e.getCause() == null ? "timed out" : e.getCause().getMessage()));
        }
    }

    /** The connection {@code s} no longer holds {@code document}. */
    public void release(LiveDocument document, Subscriber s) {
        document.detach(s);
        router.release(document.docId(), clock.millis());
    }

    /** Gives {@code s} the document at its head and attaches it. */
    public void joinWithSnapshot(LiveDocument document, Subscriber s) {
        if (!document.attachWithSnapshot(s, presence.present(document.docId()))) {
            throw new JoinRefusedException(ErrorCode.UNAVAILABLE, "document " + document.docId() + " is not live");
        }
    }

    /**
     * Resumes {@code s}, which holds the document at {@code known}: {@code resumed}, then every revision after
     * {@code known} (from the window, or first from the snapshot service's history), then live.
     *
     * @throws JoinRefusedException CANNOT_RESUME when {@code known} is ahead of the document (after this gateway
     *                              has caught up with the log) or further behind than it replays; UNAVAILABLE
     *                              when history cannot be had in time
     */
    public void joinResumed(LiveDocument document, Subscriber s, int known) {
        Instant deadline = clock.instant().plus(catchUpTimeout);
        String docId = document.docId();
        boolean caughtUp = false;
        LiveDocument.Resume result = document.attachResumed(s, known, presence.present(docId));
        while (!(result instanceof LiveDocument.Attached)) {
            if (result instanceof LiveDocument.NotLive) {
                throw new JoinRefusedException(ErrorCode.UNAVAILABLE, "document " + docId + " is not live");
            }
            if (result instanceof LiveDocument.Ahead ahead) {
                if (caughtUp) {
                    throw new JoinRefusedException(ErrorCode.CANNOT_RESUME, "knownRevision " + known
                            + " is ahead of the head revision " + ahead.head() + " of document " + docId);
                }
                // this gateway may only be behind: catch up with the log, and fill any gap, then decide
                if (!progress.awaitConsumerCaughtUp(router.partitionOf(docId), deadline)
                        || !await(document::complete, deadline)) {
                    throw new JoinRefusedException(ErrorCode.UNAVAILABLE, "this gateway is behind tandem.ops");
                }
                caughtUp = true;
                result = document.attachResumed(s, known, presence.present(docId));
                continue;
            }
            LiveDocument.NeedsHistory needs = (LiveDocument.NeedsHistory) result;
            if (needs.head() - known > maxResumeReplay) {
                throw new JoinRefusedException(ErrorCode.CANNOT_RESUME, "knownRevision " + known + " is "
                        + (needs.head() - known) + " revisions behind the head of document " + docId
                        + "; at most " + maxResumeReplay + " are replayed");
            }
            s.resumed(known, needs.head(), LiveDocument.absent(presence.present(docId), s.clientId(), known));
            int delivered = known;
            while (result instanceof LiveDocument.NeedsHistory more) {
                int upTo = more.upTo();
                int from = delivered + 1;
                delivered = fetch(docId, from, upTo, deadline, ops -> {
                    ops.forEach(s::deliver);
                    return null;
                });
                result = document.attachAfterHistory(s, delivered, presence.present(docId));
            }
            if (result instanceof LiveDocument.NotLive) {
                throw new JoinRefusedException(ErrorCode.UNAVAILABLE, "document " + docId + " is not live");
            }
            if (!(result instanceof LiveDocument.Attached)) {
                throw new IllegalStateException("resume of " + docId + " ended in " + result);
            }
        }
    }

    // ---- loading and gap filling --------------------------------------------------------------------------

    private void load(OpsRouter.Acquired acquired) {
        LiveDocument document = acquired.document();
        String docId = document.docId();
        List<OpCommitted> run = acquired.run();
        try {
            Optional<Gap> gap;
            if (!run.isEmpty() && run.get(0).revision() == 1) {
                gap = document.initialize(0, "", LanguageChange.DEFAULT, run);
            } else {
                Instant deadline = clock.instant().plus(catchUpTimeout);
                if (!await(() -> progress.snapshotHasFolded(acquired.partition(), acquired.completeFrom()),
                        deadline)) {
                    throw new JoinRefusedException(ErrorCode.UNAVAILABLE, "the snapshot service has not caught up"
                            + " with tandem.ops partition " + acquired.partition() + " offset "
                            + acquired.completeFrom());
                }
                Optional<DocumentState> state = retry(() -> snapshots.head(docId), deadline);
                gap = state.isPresent()
                        ? document.initialize(state.get().revision(), state.get().text(), state.get().language(), run)
                        : document.initialize(0, "", LanguageChange.DEFAULT, run);
            }
            gap.ifPresent(g -> fill(document, g));
        } catch (RuntimeException e) {
            ErrorCode code = e instanceof JoinRefusedException refused ? refused.code() : ErrorCode.UNAVAILABLE;
            document.fail(code, e.getMessage());
            router.forget(document);
            throw e instanceof JoinRefusedException refused ? refused
                    : new JoinRefusedException(code, "document " + docId + " could not be loaded: " + e.getMessage());
        }
    }

    private void fill(LiveDocument document, Gap gap) {
        fillExecutor.execute(() -> {
            try {
                List<OpCommitted> ops = new ArrayList<>();
                fetch(gap.docId(), gap.from(), gap.to(), clock.instant().plus(catchUpTimeout).plus(catchUpTimeout),
                        page -> {
                            ops.addAll(page);
                            return null;
                        });
                document.filled(ops).ifPresent(next -> fill(document, next));
            } catch (RuntimeException e) {
                document.fail(ErrorCode.UNAVAILABLE, "revisions " + gap.from() + ".." + gap.to() + " of "
                        + gap.docId() + " could not be fetched: " + e.getMessage());
                router.forget(document);
            }
        });
    }

    /**
     * Fetches revisions {@code from..to} from the snapshot service page by page, waiting while it lags behind,
     * handing each page's ops (in order, none outside the range) to {@code sink}.
     *
     * @return {@code to}
     */
    private int fetch(String docId, int from, int to, Instant deadline, Function<List<OpCommitted>, Void> sink) {
        int next = from;
        Duration backoff = FIRST_BACKOFF;
        while (next <= to) {
            int at = next;
            Optional<OpPage> page = retry(() -> snapshots.ops(docId, at), deadline);
            List<OpCommitted> wanted = new ArrayList<>();
            if (page.isPresent()) {
                for (OpCommitted op : page.get().ops()) {
                    if (op.revision() == next && next <= to) {
                        wanted.add(op);
                        next++;
                    }
                }
            }
            if (!wanted.isEmpty()) {
                sink.apply(wanted);
                backoff = FIRST_BACKOFF;
            } else if (next <= to) {
                // the snapshot service has not stored revision `next` yet: it lags behind the log
                if (!clock.instant().plus(backoff).isBefore(deadline)) {
                    throw new JoinRefusedException(ErrorCode.UNAVAILABLE, "the snapshot service has not stored"
                            + " revision " + next + " of " + docId + " in time");
                }
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        return to;
    }

    /** Calls {@code call} until it answers without {@link SnapshotSource.SnapshotUnavailableException}. */
    private <T> T retry(java.util.function.Supplier<T> call, Instant deadline) {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                return call.get();
            } catch (SnapshotSource.SnapshotUnavailableException e) {
                if (!clock.instant().plus(backoff).isBefore(deadline)) {
                    throw new JoinRefusedException(ErrorCode.UNAVAILABLE, e.getMessage());
                }
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private boolean await(java.util.function.BooleanSupplier condition, Instant deadline) {
        Duration backoff = FIRST_BACKOFF;
        while (!condition.getAsBoolean()) {
            if (!clock.instant().plus(backoff).isBefore(deadline)) {
                return condition.getAsBoolean();
            }
            pause(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        return true;
    }

    /** Polling a remote service that has no change notification: a bounded back-off on a worker thread. */
    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JoinRefusedException(ErrorCode.UNAVAILABLE, "interrupted");
        }
    }

    /** Participants of a live document (for presence republishing). */
    public Collection<PresenceUpdate> present(String docId) {
        return presence.present(docId);
    }
}
