package dev.tandem.snapshot.projection;

import dev.tandem.ot.Authorship;
import dev.tandem.ot.Ot;
import dev.tandem.ot.Rope;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.LanguageChange;
import dev.tandem.protocol.OpCommitted;

import java.time.Instant;

/**
 * A document as of one revision: the fold of its committed edits 1..{@code revision}. Immutable; the text is a
 * {@link Rope}, so applying a keystroke to a large document shares all untouched text with the previous state.
 *
 * @param authorship   who inserted each code point of {@code text} (its length is the text's)
 * @param createdAt    when revision 1 was committed; null at revision 0
 * @param lastEditedAt when {@code revision} was committed; null at revision 0
 */
public record DocumentHead(String docId, int revision, Rope text, String language, Authorship<Author> authorship,
                           Instant createdAt, Instant lastEditedAt) {

    /** The document before its first edit: empty, {@value LanguageChange#DEFAULT}, revision 0. */
    public static DocumentHead empty(String docId) {
        return new DocumentHead(docId, 0, Rope.empty(), LanguageChange.DEFAULT, Authorship.empty(), null, null);
    }

    /** A state read back from a snapshot (or any stored state) at {@code revision}. */
    public static DocumentHead restore(String docId, int revision, String text, String language,
                                       Authorship<Author> authorship, Instant createdAt, Instant lastEditedAt) {
        return new DocumentHead(docId, revision, Rope.of(text), language, authorship, createdAt, lastEditedAt);
    }

    /**
     * This state after {@code op}, which must be this document's next revision.
     *
     * @throws IllegalArgumentException if {@code op} is of another document or not revision {@code revision + 1}
     * @throws dev.tandem.ot.InvalidOperationException if a text edit does not fit the text
     */
    public DocumentHead apply(OpCommitted op) {
        if (!op.docId().equals(docId) || op.revision() != revision + 1) {
            throw new IllegalArgumentException("revision " + op.revision() + " of document " + op.docId()
                    + " does not follow revision " + revision + " of document " + docId);
        }
        // text and a fork's first revision change the text (and its authorship), a language change and a fork the
        // language; chat and names are no-ops
        TextOperation change = op.edit().operation();
        Rope nextText = change.isNoop() ? text : Ot.apply(text, change);
        String nextLanguage = op.edit().languageAfter(language);
        Authorship<Author> nextAuthorship = change.isNoop() ? authorship : authorship.apply(change, Author.of(op));
        Instant created = revision == 0 ? op.committedAt() : createdAt;
        return new DocumentHead(docId, op.revision(), nextText, nextLanguage, nextAuthorship, created,
                op.committedAt());
    }

    /** This state after each of {@code ops} in order: the text at a revision is a snapshot plus the ops after it. */
    public DocumentHead applyAll(Iterable<OpCommitted> ops) {
        DocumentHead state = this;
        for (OpCommitted op : ops) {
            state = state.apply(op);
        }
        return state;
    }

    /** The text as a string (a copy of the rope). */
    public String textString() {
        return text.toString();
    }
}
