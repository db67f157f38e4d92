package dev.tandem.protocol;

import dev.tandem.ot.TextOperation;

/**
 * The payload of a document event: what one submit asks for and one revision commits. All three kinds are
 * sequenced in the one log, each taking a revision, so language changes and chat are ordered, durable and
 * replayable like text. For OT, a language change or chat message is the no-op text operation.
 *
 * <p>JSON: an object whose {@code kind} is {@value TextEdit#KIND}, {@value LanguageChange#KIND} or
 * {@value ChatMessage#KIND}.
 */
public sealed interface Edit permits TextEdit, LanguageChange, ChatMessage {

    /** The wire discriminator. */
    String kind();

    /** This edit as a text operation: the op of a {@link TextEdit}, {@link TextOperation#noop()} otherwise. */
    TextOperation operation();

    /**
     * This edit after the text operation {@code transformed} replaced its own: a new {@link TextEdit} for text,
     * this edit unchanged otherwise (for them every transform yields the no-op).
     */
    Edit withOperation(TextOperation transformed);
}
