package dev.tandem.protocol;

import dev.tandem.ot.TextOperation;

/**
 * The payload of a document event: what one submit asks for and one revision commits. Every kind is sequenced
 * in the one log, each taking a revision, so language changes, chat and version names are ordered, durable and
 * replayable like text. For OT, a language change, chat message or version name is the no-op text operation; a
 * fork's first revision is the insert of its whole text.
 *
 * <p>JSON: an object whose {@code kind} is {@value TextEdit#KIND}, {@value LanguageChange#KIND},
 * {@value ChatMessage#KIND}, {@value VersionName#KIND} or {@value ForkOrigin#KIND}.
 */
public sealed interface Edit permits TextEdit, LanguageChange, ChatMessage, VersionName, ForkOrigin {

    /** The wire discriminator. */
    String kind();

    /**
     * This edit as a text operation: the op of a {@link TextEdit}, the insert of a {@link ForkOrigin}'s text,
     * {@link TextOperation#noop()} otherwise.
     */
    default TextOperation operation() {
        return TextOperation.noop();
    }

    /**
     * This edit after the text operation {@code transformed} replaced its own: a new {@link TextEdit} for text,
     * this edit unchanged otherwise (a no-op transforms to the no-op, and a fork is never transformed).
     */
    default Edit withOperation(TextOperation transformed) {
        return this;
    }

    /** The document's language after this edit, {@code before} it: changed by a language change and a fork only. */
    default String languageAfter(String before) {
        return before;
    }
}
