package dev.tandem.sequencer;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

import dev.tandem.ot.InvalidOperationException;
import dev.tandem.ot.Ot;
import dev.tandem.ot.OtServer;
import dev.tandem.ot.Rope;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.Edit;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.ForkOrigin;
import dev.tandem.protocol.LanguageChange;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.VersionName;
import dev.tandem.sequencer.DocumentCheckpoint.CommittedEdit;

/**
 * The sequencer of one document, with no Kafka in it: it decides about each submitted edit, in the order they
 * arrive, and every commit takes the next revision. Its state (head, text, language, the last W ops, the last
 * clientSeq per client) is a fold of its own {@link OpCommitted} events, so {@link #apply} replaying the log
 * rebuilds exactly the state that produced it.
 *
 * <p>Invariants: revisions are contiguous from 1; an edit is committed only after being transformed against every
 * op committed after its base revision, one at a time with the submitted op on the RIGHT
 * ({@link OtServer#transformAgainst}); a refusal or a duplicate changes nothing. Not thread-safe.
 */
public final class DocumentSequencer {

    private final String docId;
    private final SequencerLimits limits;
    private final RecentOps recent;
    private final ClientLedger clients;
    private final RecordBudget budget;
    private int head;
    private Rope text = Rope.empty();
    private String language = LanguageChange.DEFAULT;
    /** Why this document's log cannot be folded (a gap, an op that does not fit); {@code null} when sound. */
    private String damage;

    /**
     * The sequencer a checkpoint was taken of: it decides as that one did (with a window no longer than the
     * checkpoint's).
     */
    public static DocumentSequencer restore(DocumentCheckpoint checkpoint, SequencerLimits limits) {
        DocumentSequencer sequencer = new DocumentSequencer(checkpoint.docId(), limits);
        sequencer.head = checkpoint.revision();
        sequencer.text = Rope.of(checkpoint.text());
        sequencer.language = checkpoint.language();
        sequencer.damage = checkpoint.damage();
        checkpoint.window().forEach(sequencer.recent::add);
        sequencer.clients.restore(checkpoint.clients(), checkpoint.forgottenUpTo());
        return sequencer;
    }

    /** A document that was never edited: empty, plaintext, revision 0. */
    public DocumentSequencer(String docId, SequencerLimits limits) {
        this.docId = docId;
        this.limits = limits;
        this.recent = new RecentOps(limits.window());
        this.clients = new ClientLedger(limits.clients());
        this.budget = new RecordBudget(limits.maxRecordBytes());
    }

    public String docId() {
        return docId;
    }

    /** The revision of the last committed edit; 0 for a document never edited. */
    public int head() {
        return head;
    }

    public String text() {
        return text.toString();
    }

    /** Length of the text in code points. */
    public int length() {
        return text.length();
    }

    public String language() {
        return language;
    }

    /**
     * Decides about {@code submitted}, made on this document at its base revision: {@link OpCommitted} at
     * {@code head + 1} (and this document advances), {@link EditDuplicate} for a resend of a committed edit, or
     * {@link EditRejected} saying why.
     */
    public SequencedEvent submit(EditSubmitted submitted, Instant now) {
        if (!submitted.docId().equals(docId)) {
            throw new IllegalArgumentException("edit of " + submitted.docId() + " given to the sequencer of " + docId);
        }
        if (damage != null) {
            return reject(submitted, ErrorCode.INTERNAL_ERROR, "the log of document " + docId + " is damaged ("
                    + damage + "); it cannot be edited until the log is repaired");
        }
        SequencedEvent resend = resendOrOutOfOrder(submitted);
        if (resend != null) {
            return resend;
        }
        int base = submitted.baseRevision();
        if (base > head) {
            return reject(submitted, ErrorCode.BASE_REVISION_AHEAD, "baseRevision " + base
                    + " is ahead of the document's head revision " + head);
        }
        int oldestBase = head - recent.size();
        if (base < oldestBase) {
            return reject(submitted, ErrorCode.BASE_REVISION_TOO_OLD, "baseRevision " + base + " is older than the "
                    + recent.size() + " revisions the sequencer keeps to transform against (the oldest usable base is "
                    + oldestBase + ", head " + head + "); resume from a newer revision and resend the edit");
        }
        Edit edit = submitted.edit();
        String refused = refusalOf(edit);
        if (refused != null) {
            return reject(submitted, ErrorCode.INVALID_EDIT, refused);
        }
        TextOperation op;
        try {
            // only text is transformed: language, chat and names are the no-op, and a fork is only ever
            // revision 1 (checked above), so it has nothing to be transformed against
            op = edit instanceof TextEdit ? OtServer.transformAgainst(edit.operation(), recent.since(base))
                    : edit.operation();
        } catch (InvalidOperationException e) {
            return reject(submitted, ErrorCode.INVALID_EDIT, "the op cannot be transformed to revision " + head
                    + ": " + e.getMessage());
        }
        if (op.baseLength() > text.length()) {
            return reject(submitted, ErrorCode.OP_DOES_NOT_FIT, "the op, transformed to revision " + head
                    + ", retains or deletes " + op.baseLength() + " code points but the document has only "
                    + text.length());
        }
        long length = (long) text.length() - op.deletedLength() + op.insertedLength();
        if (length > limits.maxDocumentLength()) {
            return reject(submitted, ErrorCode.DOCUMENT_TOO_LARGE, "the edit would make the document " + length
                    + " code points long; the maximum is " + limits.maxDocumentLength());
        }
        if (head == Integer.MAX_VALUE) {
            return reject(submitted, ErrorCode.DOCUMENT_TOO_LARGE, "the document has reached the last revision, "
                    + head);
        }
        OpCommitted committed = OpCommitted.of(submitted, head + 1, edit.withOperation(op), now);
        OptionalInt tooLarge = budget.excess(committed);
        if (tooLarge.isPresent()) {
            // refused before anything advanced: a record the log cannot take would abort the transaction for ever
            return reject(submitted, ErrorCode.MESSAGE_TOO_LARGE, "the edit, transformed for revision "
                    + committed.revision() + ", is " + tooLarge.getAsInt() + " bytes; the log takes at most "
                    + budget.maxBytes());
        }
        advance(committed, op);
        return committed;
    }

    /**
     * Folds a committed event of this document's log into its state (replay). It must be the next revision:
     * anything else means the log is not the one this state came from.
     *
     * @throws IllegalStateException if {@code committed} is not revision {@code head + 1} or does not fit
     */
    public void apply(OpCommitted committed) {
        if (damage != null) {
            return;
        }
        if (!committed.docId().equals(docId) || committed.revision() != head + 1) {
            throw new IllegalStateException("the log of " + docId + " at revision " + head + " continues with "
                    + committed.docId() + " revision " + committed.revision() + "; expected revision " + (head + 1));
        }
        TextOperation op = committed.edit().operation();
        if (op.baseLength() > text.length()) {
            throw new IllegalStateException("revision " + committed.revision() + " of " + docId
                    + " does not fit the document its log rebuilds: op reaches " + op.baseLength()
                    + " code points, document has " + text.length());
        }
        advance(committed, op);
    }

    /**
     * Folds {@code committed} like {@link #apply}, but a log that does not fold marks this document damaged
     * instead of throwing: its edits are refused from then on (INTERNAL_ERROR), and the other documents of its
     * partition go on.
     */
    public void replay(OpCommitted committed) {
        try {
            apply(committed);
        } catch (IllegalStateException e) {
            damage = e.getMessage();
        }
    }

    /** Everything this sequencer knows, at its head revision. */
    public DocumentCheckpoint checkpoint() {
        return new DocumentCheckpoint(docId, head, language, text.toString(), recent.entries(), clients.entries(),
                clients.forgottenUpTo(), damage);
    }

    /** Why this document's log could not be folded, if it could not. */
    public Optional<String> damage() {
        return Optional.ofNullable(damage);
    }

    /**
     * Why an edit of a kind with a rule that needs the head cannot be committed at {@code head + 1}; null when it
     * can. A name must name a revision the document has; a fork's text can only be a document's first revision.
     */
    private String refusalOf(Edit edit) {
        if (edit instanceof VersionName name && name.revision() > head) {
            return "edit.revision " + name.revision() + " is beyond the head revision " + head + " of document "
                    + docId + ": only a revision the document has can be named";
        }
        if (edit instanceof ForkOrigin && head != 0) {
            return "a fork edit is the first revision of a new document, and document " + docId
                    + " is at revision " + head;
        }
        return null;
    }

    /**
     * Duplicate or refusal of an edit whose (clientId, clientSeq) was committed already, or of one that might be
     * such a resend; {@code null} when the edit goes on.
     */
    private SequencedEvent resendOrOutOfOrder(EditSubmitted submitted) {
        String clientId = submitted.clientId();
        long seq = submitted.clientSeq();
        ClientLedger.Last last = clients.last(clientId);
        if (last != null && seq == last.clientSeq()) {
            return resend(submitted, last.revision());
        }
        if (last != null && seq > last.clientSeq()) {
            return null; // gaps allowed: a refused edit does not use up its clientSeq
        }
        OptionalInt inWindow = recent.revisionOf(clientId, seq);
        if (inWindow.isPresent()) {
            return resend(submitted, inWindow.getAsInt());
        }
        if (last != null) {
            return reject(submitted, ErrorCode.CLIENT_SEQ_OUT_OF_ORDER, "clientSeq " + seq + " of client " + clientId
                    + " is below its last committed clientSeq " + last.clientSeq() + " (revision " + last.revision()
                    + "), and the revision it was committed at is no longer known");
        }
        if (submitted.baseRevision() < clients.forgottenUpTo()) {
            return reject(submitted, ErrorCode.CLIENT_SEQ_OUT_OF_ORDER, "client " + clientId + " has no committed "
                    + "edit the sequencer still remembers, and its baseRevision " + submitted.baseRevision()
                    + " is older than revision " + clients.forgottenUpTo() + " of a forgotten client: clientSeq "
                    + seq + " may be a resend of an edit already committed, so it is not applied");
        }
        return null;
    }

    /**
     * A submit reusing the clientSeq of the edit committed at {@code revision}. A legitimate resend is that very
     * edit, possibly rebased by the client onto a newer revision (but never onto one containing it): transformed
     * over the ops between its base and {@code revision}, it is the committed edit again. When the window no
     * longer holds those ops, it cannot be checked and is answered as a duplicate.
     */
    private SequencedEvent resend(EditSubmitted submitted, int revision) {
        int base = submitted.baseRevision();
        String reused = "clientSeq " + submitted.clientSeq() + " of " + submitted.clientId()
                + " was committed at revision " + revision;
        if (base >= revision) {
            return reject(submitted, ErrorCode.CLIENT_SEQ_REUSED, reused + ", and this submit is based on revision "
                    + base + ", which already contains it");
        }
        CommittedEdit original = recent.at(revision);
        if (original == null || base < head - recent.size()) {
            return EditDuplicate.of(submitted, revision);
        }
        if (!sameEdit(submitted.edit(), base, original)) {
            return reject(submitted, ErrorCode.CLIENT_SEQ_REUSED, reused + " with a different edit");
        }
        return EditDuplicate.of(submitted, revision);
    }

    /** Whether {@code edit}, made on {@code base}, is {@code original} once transformed as sequencing would. */
    private boolean sameEdit(Edit edit, int base, CommittedEdit original) {
        if (!(edit instanceof TextEdit) || !(original.edit() instanceof TextEdit)) {
            return edit.equals(original.edit()); // language and chat are not transformed
        }
        try {
            return OtServer.transformAgainst(edit.operation(), recent.between(base, original.revision() - 1))
                    .equals(original.edit().operation());
        } catch (InvalidOperationException e) {
            return false; // it does not even apply where the original did
        }
    }

    private void advance(OpCommitted committed, TextOperation op) {
        text = Ot.apply(text, op);
        language = committed.edit().languageAfter(language);
        head = committed.revision();
        recent.add(new CommittedEdit(head, committed.clientId(), committed.clientSeq(), committed.edit()));
        clients.committed(committed.clientId(), committed.clientSeq(), head);
    }

    private static EditRejected reject(EditSubmitted submitted, ErrorCode code, String message) {
        return EditRejected.of(submitted, code, message);
    }
}
