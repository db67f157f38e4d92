package dev.tandem.gateway.document;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import dev.tandem.ot.InvalidOperationException;
import dev.tandem.ot.Ot;
import dev.tandem.ot.Rope;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.LanguageChange;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.Participant;
import dev.tandem.protocol.PresenceUpdate;
import dev.tandem.protocol.Selection;
import dev.tandem.protocol.Viewport;

/**
 * One document that has connections on this gateway: its text (a rope) and language at {@code head}, a window of
 * its most recent committed events, and the connections attached to it. Pure: no I/O, no framework; thread-safe
 * (every method holds this object's lock).
 *
 * <p>Invariants, which together give every connection every revision once and in order:
 * <ol>
 *   <li>{@code text} and {@code language} are the document at revision {@code head}. Revisions are applied only as
 *       {@code head + 1}; an event at or below {@code head} is a redelivery and is dropped; an event beyond
 *       {@code head + 1} waits in {@code pending} while the missing revisions are fetched (a {@link Gap}).</li>
 *   <li>Every attached subscriber has received exactly the revisions up to {@code head}: it is attached, under
 *       this lock, right after it was given a snapshot at {@code head} or every revision up to {@code head}, and each
 *       applied revision is delivered to every attached subscriber before the lock is released.</li>
 *   <li>The window holds exactly the revisions {@code windowStart..head}.</li>
 * </ol>
 */
public final class LiveDocument {

    /** Where a document is in its life on this gateway. */
    public enum State { LOADING, LIVE, FAILED }

    /** What {@link #attachResumed} found. */
    public sealed interface Resume permits Attached, NeedsHistory, Ahead, NotLive {
    }

    /** The subscriber was given {@code resumed} and every revision after its known one, and is attached. */
    public record Attached() implements Resume {
    }

    /** Revisions {@code known + 1 .. upTo} are older than the window: replay them from history first. */
    public record NeedsHistory(int upTo, int head) implements Resume {
    }

    /** The known revision is beyond this gateway's head. */
    public record Ahead(int head) implements Resume {
    }

    /** The document failed or is not loaded. */
    public record NotLive(State state) implements Resume {
    }

    private final String docId;
    private final int windowCapacity;
    private final CompletableFuture<LiveDocument> ready = new CompletableFuture<>();

    private State state = State.LOADING;
    private Rope text = Rope.empty();
    private volatile int length;
    private int head;
    private String language = LanguageChange.DEFAULT;
    private final ArrayDeque<OpCommitted> window = new ArrayDeque<>();
    private int windowStart = 1;
    private final TreeMap<Integer, OpCommitted> pending = new TreeMap<>();
    private boolean filling;
    private final List<Subscriber> subscribers = new ArrayList<>();
    /** Presence from senders ahead of this gateway, by clientId, released when {@code head} reaches it. */
    private final Map<String, PresenceUpdate> heldPresence = new HashMap<>();

    public LiveDocument(String docId, int windowCapacity) {
        this.docId = docId;
        this.windowCapacity = windowCapacity;
    }

    public String docId() {
        return docId;
    }

    /** Completes when the document is live (or exceptionally when loading failed). */
    public CompletableFuture<LiveDocument> ready() {
        return ready;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized int head() {
        return head;
    }

    /** Length of the text at head, in code points; readable without the lock (for a quick limit check). */
    public int length() {
        return length;
    }

    public synchronized String text() {
        return text.toString();
    }

    public synchronized String language() {
        return language;
    }

    public synchronized int windowStart() {
        return windowStart;
    }

    /** Whether every revision this gateway has seen is applied (no gap waiting to be filled). */
    public synchronized boolean complete() {
        return state == State.LIVE && pending.isEmpty();
    }

    public synchronized int subscriberCount() {
        return subscribers.size();
    }

    /**
     * The document is at {@code revision} with {@code text} and {@code language} (from the snapshot service, or
     * the empty document at 0); {@code following} are committed events the consumer held (any revisions, in order).
     * Events that arrived while loading are applied after them.
     *
     * @return the gap to fill, if the events held begin after {@code revision + 1}
     */
    public Optional<Gap> initialize(int revision, String initialText, String initialLanguage,
                                    List<OpCommitted> following) {
        synchronized (this) {
            if (state != State.LOADING) {
                throw new IllegalStateException(docId + " is already " + state);
            }
            head = revision;
            text = Rope.of(initialText);
            length = text.length();
            language = initialLanguage;
            windowStart = revision + 1;
            state = State.LIVE;
            for (OpCommitted op : following) {
                if (op.revision() > head) {
                    pending.putIfAbsent(op.revision(), op);
                }
            }
            Optional<Gap> gap = drain();
            ready.complete(this);
            return gap;
        }
    }

    /**
     * The next committed event of this document from the log (the consumer's order, possibly redelivered).
     *
     * @return a gap to fill, if this event is ahead of a revision not seen yet and no fill is running
     */
    public synchronized Optional<Gap> onCommitted(OpCommitted op) {
        if (state == State.FAILED || op.revision() <= head) {
            return Optional.empty();
        }
        pending.putIfAbsent(op.revision(), op);
        return state == State.LIVE ? drain() : Optional.empty();
    }

    /** Revisions fetched for a gap; applies them and whatever waited for them. */
    public synchronized Optional<Gap> filled(List<OpCommitted> ops) {
        filling = false;
        if (state != State.LIVE) {
            return Optional.empty();
        }
        for (OpCommitted op : ops) {
            if (op.revision() > head) {
                pending.putIfAbsent(op.revision(), op);
            }
        }
        return drain();
    }

    /** Applies pending events while they are the next revision; reports a gap the first time one blocks. */
    private Optional<Gap> drain() {
        while (!pending.isEmpty()) {
            Map.Entry<Integer, OpCommitted> first = pending.firstEntry();
            if (first.getKey() <= head) {
                pending.pollFirstEntry();
            } else if (first.getKey() == head + 1) {
                pending.pollFirstEntry();
                if (!apply(first.getValue())) {
                    return Optional.empty();
                }
            } else {
                break;
            }
        }
        releaseHeldPresence();
        if (pending.isEmpty() || filling) {
            return Optional.empty();
        }
        filling = true;
        return Optional.of(new Gap(docId, head + 1, pending.firstKey() - 1));
    }

    private boolean apply(OpCommitted op) {
        try {
            text = Ot.apply(text, op.edit().operation());
        } catch (InvalidOperationException e) {
            // the sequencer checked the op against this very document: the log and this state disagree
            failLocked(ErrorCode.INTERNAL_ERROR, "revision " + op.revision() + " of " + docId
                    + " does not fit the gateway's copy: " + e.getMessage());
            return false;
        }
        length = text.length();
        language = op.edit().languageAfter(language);
        head = op.revision();
        window.addLast(op);
        if (window.size() > windowCapacity) {
            window.removeFirst();
            windowStart++;
        }
        for (Subscriber s : subscribers) {
            s.deliver(op);
        }
        return true;
    }

    /** A gap could not be filled: every connection gets {@code code} and the document must be loaded anew. */
    public synchronized void fail(ErrorCode code, String message) {
        failLocked(code, message);
    }

    private void failLocked(ErrorCode code, String message) {
        if (state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        pending.clear();
        List<Subscriber> gone = new ArrayList<>(subscribers);
        subscribers.clear();
        for (Subscriber s : gone) {
            s.fail(code, message);
        }
        ready.completeExceptionally(new IllegalStateException(message));
    }

    /**
     * Gives {@code s} a snapshot at head and attaches it, atomically.
     *
     * @return false when the document is not live
     */
    public synchronized boolean attachWithSnapshot(Subscriber s, Collection<PresenceUpdate> present) {
        if (state != State.LIVE) {
            return false;
        }
        s.snapshot(head, text.toString(), language, participants(present, s.clientId()));
        subscribers.add(s);
        return true;
    }

    /**
     * Resumes {@code s}, which holds the document at {@code known}: if the window reaches back to {@code known + 1},
     * sends {@code resumed}, every revision after {@code known} and the others' presence, and attaches it.
     */
    public synchronized Resume attachResumed(Subscriber s, int known, Collection<PresenceUpdate> present) {
        if (state != State.LIVE) {
            return new NotLive(state);
        }
        if (known > head) {
            return new Ahead(head);
        }
        if (known + 1 < windowStart) {
            return new NeedsHistory(windowStart - 1, head);
        }
        if (known == head) {
            s.resumed(known, head, participants(present, s.clientId()));
        } else {
            s.resumed(known, head, absent(present, s.clientId(), known));
            catchUpAndAttach(s, known, present);
            return new Attached();
        }
        subscribers.add(s);
        return new Attached();
    }

    /**
     * Attaches {@code s} after it was sent {@code resumed} and revisions up to {@code delivered} from history.
     *
     * @return {@link Attached}, or {@link NeedsHistory} when the window has moved past {@code delivered + 1}
     *         meanwhile (replay more history and call again)
     */
    public synchronized Resume attachAfterHistory(Subscriber s, int delivered, Collection<PresenceUpdate> present) {
        if (state != State.LIVE) {
            return new NotLive(state);
        }
        if (delivered > head) {
            return new Ahead(head);
        }
        if (delivered + 1 < windowStart) {
            return new NeedsHistory(windowStart - 1, head);
        }
        catchUpAndAttach(s, delivered, present);
        return new Attached();
    }

    private void catchUpAndAttach(Subscriber s, int delivered, Collection<PresenceUpdate> present) {
        for (OpCommitted op : window) {
            if (op.revision() > delivered) {
                s.deliver(op);
            }
        }
        subscribers.add(s);
        for (Participant p : participants(present, s.clientId())) {
            s.presence(p);
        }
    }

    /** Detaches {@code s}; returns the number of subscribers left. */
    public synchronized int detach(Subscriber s) {
        subscribers.remove(s);
        return subscribers.size();
    }

    /** A refusal of an edit: to the subscribers of its clientId (each decides whether it is its edit in flight). */
    public synchronized void rejected(EditRejected rejected) {
        for (Subscriber s : List.copyOf(subscribers)) {
            if (s.clientId().equals(rejected.clientId())) {
                s.rejected(rejected);
            }
        }
    }

    /** A resend recognised as committed: to the subscribers of its clientId (as for a refusal). */
    public synchronized void duplicate(EditDuplicate duplicate) {
        for (Subscriber s : List.copyOf(subscribers)) {
            if (s.clientId().equals(duplicate.clientId())) {
                s.duplicate(duplicate);
            }
        }
    }

    /** A participant's presence: to every other client, moved to the revision they are at. */
    public synchronized void presence(PresenceUpdate update) {
        if (state != State.LIVE) {
            return;
        }
        if (update.revision() > head) {
            heldPresence.put(update.clientId(), update);
            return;
        }
        heldPresence.remove(update.clientId());
        Participant p = participantAtHead(update);
        for (Subscriber s : subscribers) {
            if (!s.clientId().equals(update.clientId())) {
                s.presence(p);
            }
        }
    }

    /** A participant left. */
    public synchronized void left(String clientId) {
        heldPresence.remove(clientId);
        if (state != State.LIVE) {
            return;
        }
        for (Subscriber s : subscribers) {
            if (!s.clientId().equals(clientId)) {
                s.left(clientId);
            }
        }
    }

    /** {@code update}'s selections moved to this document's head (for republishing a connection's presence). */
    public synchronized PresenceUpdate atHead(PresenceUpdate update) {
        if (update.revision() >= head) {
            return update;
        }
        return update.movedTo(head, selectionsAtHead(update, update.selections()), viewAtHead(update));
    }

    private void releaseHeldPresence() {
        if (heldPresence.isEmpty()) {
            return;
        }
        Iterator<PresenceUpdate> it = heldPresence.values().iterator();
        List<PresenceUpdate> due = new ArrayList<>();
        while (it.hasNext()) {
            PresenceUpdate u = it.next();
            if (u.revision() <= head) {
                due.add(u);
                it.remove();
            }
        }
        due.forEach(this::presence);
    }

    private List<Participant> participants(Collection<PresenceUpdate> present, String exceptClientId) {
        List<Participant> out = new ArrayList<>();
        for (PresenceUpdate u : present) {
            if (!u.clientId().equals(exceptClientId)) {
                out.add(participantAtHead(u));
            }
        }
        return out;
    }

    /** Who is there, without selections (they follow as presence once the client has caught up). */
    public static List<Participant> absent(Collection<PresenceUpdate> present, String exceptClientId, int revision) {
        List<Participant> out = new ArrayList<>();
        for (PresenceUpdate u : present) {
            if (!u.clientId().equals(exceptClientId)) {
                out.add(Participant.of(u).movedTo(revision, List.of(), Optional.empty()));
            }
        }
        return out;
    }

    private Participant participantAtHead(PresenceUpdate u) {
        return Participant.of(u).movedTo(head, selectionsAtHead(u, u.selections()), viewAtHead(u));
    }

    /** The view of {@code u} moved to head as its selections are (a range of positions like a selection). */
    private Optional<Viewport> viewAtHead(PresenceUpdate u) {
        return u.view().map(v -> {
            Selection moved = selectionsAtHead(u, List.of(new Selection(v.from(), v.to()))).get(0);
            return new Viewport(moved.anchor(), moved.head()); // transformPosition is monotone: from stays <= to
        });
    }

    /**
     * {@code selections} of {@code u}, made at its revision, moved through every revision after it up to head.
     * Revisions by the participant itself are skipped: a client sends its selections in its own document, which
     * already holds its unacknowledged edits, so its own later revisions are (almost always) already counted.
     * Past the window the selections are passed on unchanged (advisory; the client clamps them).
     */
    private List<Selection> selectionsAtHead(PresenceUpdate u, List<Selection> selections) {
        if (u.revision() >= head || selections.isEmpty() || u.revision() + 1 < windowStart) {
            return selections;
        }
        List<Selection> moved = new ArrayList<>(selections.size());
        for (Selection sel : selections) {
            int anchor = sel.anchor();
            int caret = sel.head();
            for (OpCommitted op : window) {
                if (op.revision() > u.revision() && !op.clientId().equals(u.clientId())) {
                    anchor = Ot.transformPosition(anchor, op.edit().operation(), false);
                    caret = Ot.transformPosition(caret, op.edit().operation(), false);
                }
            }
            moved.add(new Selection(anchor, caret));
        }
        return moved;
    }
}
