package dev.tandem.testsupport.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import dev.tandem.ot.Ot;
import dev.tandem.ot.OtClient;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.TextEdit;

/**
 * One simulated browser editing one document, as docs/protocol.md section 5 describes a client: its text and an
 * {@link OtClient} (one edit in flight, later edits composed into a buffer), a clientSeq per submitted edit, and
 * the revisions of {@code tandem.ops} applied in order. Like a reconnecting browser it resends its in-flight edit,
 * with the same clientSeq, its op as it holds it now and its current revision as base, when no answer came in
 * time. It talks to no broker itself: {@link EditLoad} publishes what it returns and feeds it the log.
 *
 * <p>Not thread-safe: one thread drives it.
 */
public final class KafkaEditClient {

    private final String docId;
    private final String clientId;
    private final String name;
    private final OtClient ot;
    private final TreeSet<Long> submitted = new TreeSet<>();
    private final List<String> violations = new ArrayList<>();
    private String text;
    private long lastClientSeq;
    private long inFlightSeq;
    private long inFlightSentAt;
    private int resends;
    private int duplicates;
    private boolean broken;
    /** The in-flight edit was refused as based on a revision too old: resend it after the next revision. */
    private boolean resendOnNextRevision;

    /** A client that joined {@code docId} at {@code revision}, holding {@code text}. */
    public KafkaEditClient(String docId, String clientId, int revision, String text) {
        this.docId = docId;
        this.clientId = clientId;
        this.name = "Load " + clientId;
        this.ot = new OtClient(revision);
        this.text = text;
    }

    public String docId() {
        return docId;
    }

    public String clientId() {
        return clientId;
    }

    public String text() {
        return text;
    }

    /** Nothing in flight, nothing buffered (or the client gave up after a violation). */
    public boolean isSettled() {
        return broken || ot.state() == OtClient.State.SYNCHRONIZED;
    }

    /** The user edits: applied locally at once; returns the submit to publish, if one goes out now. */
    public Optional<EditSubmitted> edit(TextOperation op, long nowNanos) {
        if (broken) {
            return Optional.empty();
        }
        text = Ot.apply(text, op);
        return ot.applyLocal(op).map(inFlight -> send(inFlight, nowNanos));
    }

    /** An event of this client's document from {@code tandem.ops}, in log order; returns a submit to publish. */
    public Optional<EditSubmitted> onEvent(SequencedEvent event, long nowNanos) {
        if (broken) {
            return Optional.empty();
        }
        if (event instanceof OpCommitted committed) {
            return onCommitted(committed, nowNanos);
        }
        if (!event.clientId().equals(clientId)) {
            return Optional.empty();
        }
        if (event instanceof EditDuplicate) {
            duplicates++; // its revision reaches us in order, as our ack
            return Optional.empty();
        }
        EditRejected rejected = (EditRejected) event;
        if (rejected.clientSeq() != inFlightSeq) {
            return Optional.empty(); // about a stale resend of an edit already settled
        }
        if (rejected.code() == ErrorCode.BASE_REVISION_TOO_OLD) {
            resendOnNextRevision = true; // transient: resend once we have caught up a little
            return Optional.empty();
        }
        return fail("clientSeq " + rejected.clientSeq() + " refused: " + rejected.code() + " " + rejected.message());
    }

    /** The in-flight edit again, if it has waited longer than {@code resendAfter} for an answer. */
    public Optional<EditSubmitted> resendIfUnanswered(long nowNanos, Duration resendAfter) {
        if (broken || inFlightSeq == 0 || nowNanos - inFlightSentAt < resendAfter.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(resend(nowNanos));
    }

    public ClientReport report() {
        return new ClientReport(docId, clientId, Collections.unmodifiableSortedSet(new TreeSet<>(submitted)), text,
                ot.revision(), List.copyOf(violations), resends, duplicates);
    }

    private Optional<EditSubmitted> onCommitted(OpCommitted committed, long nowNanos) {
        int revision = ot.revision();
        if (committed.revision() <= revision) {
            return Optional.empty(); // seen already: Kafka may deliver a record twice
        }
        if (committed.revision() != revision + 1) {
            return fail("revision " + committed.revision() + " arrived after revision " + revision + ": a gap");
        }
        if (!committed.clientId().equals(clientId)) {
            text = Ot.apply(text, ot.applyServer(committed.edit().operation()));
            if (resendOnNextRevision) {
                resendOnNextRevision = false;
                return Optional.of(resend(nowNanos)); // based on the newer revision we hold now
            }
            return Optional.empty();
        }
        if (committed.clientSeq() != inFlightSeq) {
            return fail("revision " + committed.revision() + " commits our clientSeq " + committed.clientSeq()
                    + ", but clientSeq " + inFlightSeq + " is in flight");
        }
        inFlightSeq = 0;
        resendOnNextRevision = false;
        return ot.serverAck().map(next -> send(next, nowNanos));
    }

    private EditSubmitted send(TextOperation op, long nowNanos) {
        inFlightSeq = ++lastClientSeq;
        submitted.add(inFlightSeq);
        return submit(op, nowNanos);
    }

    private EditSubmitted resend(long nowNanos) {
        resends++;
        return submit(ot.inFlight().orElseThrow(), nowNanos);
    }

    private EditSubmitted submit(TextOperation op, long nowNanos) {
        inFlightSentAt = nowNanos;
        return new EditSubmitted(docId, clientId, inFlightSeq, ot.revision(), new TextEdit(op), Instant.now(), name);
    }

    private Optional<EditSubmitted> fail(String violation) {
        violations.add(clientId + " on " + docId + ": " + violation);
        broken = true;
        return Optional.empty();
    }
}
