package dev.tandem.protocol;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * A WebSocket message from the gateway to a browser: one JSON object per text frame, discriminated by
 * {@code type}. See docs/protocol.md for the connection lifecycle.
 */
public sealed interface ServerMessage permits ServerMessage.Snapshot, ServerMessage.Resumed,
        ServerMessage.Committed, ServerMessage.Ack, ServerMessage.Presence, ServerMessage.Left,
        ServerMessage.Error, ServerMessage.Pong {

    /** The wire discriminator. */
    String type();

    /**
     * The answer to a join without {@code knownRevision}: the whole document at {@code revision}, and who else is
     * connected ({@code present}, not including the joining client).
     */
    record Snapshot(String docId, int revision, String text, String language, boolean readOnly,
                    List<Participant> present) implements ServerMessage {
        public static final String TYPE = "snapshot";

        public Snapshot {
            Check.id("docId", docId);
            Check.nonNegative("revision", revision);
            Check.required("text", text);
            Check.codePoints(ErrorCode.MALFORMED_MESSAGE, "text", text);
            LanguageChange.language(language, "language", ErrorCode.MALFORMED_MESSAGE);
            present = Check.list("present", present, Integer.MAX_VALUE);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * The answer to a join with {@code knownRevision}: the client keeps its document at {@code revision} (its
     * knownRevision), and the gateway sends every revision after it, up to {@code head} (the document's head when
     * the gateway answered) and on, as {@link Committed} and {@link Ack} messages.
     */
    record Resumed(String docId, int revision, int head, boolean readOnly, List<Participant> present)
            implements ServerMessage {
        public static final String TYPE = "resumed";

        public Resumed {
            Check.id("docId", docId);
            Check.nonNegative("revision", revision);
            Check.nonNegative("head", head);
            if (head < revision) {
                throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE,
                        "head must be >= revision " + revision + ", was " + head);
            }
            present = Check.list("present", present, Integer.MAX_VALUE);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Another client's edit, committed at {@code revision}, as committed (transformed); apply it. */
    record Committed(int revision, String clientId, long clientSeq, Edit edit, Instant committedAt,
                     String authorName) implements ServerMessage {
        public static final String TYPE = "committed";

        public Committed {
            Check.committedRevision("revision", revision);
            Check.id("clientId", clientId);
            Check.clientSeq("clientSeq", clientSeq);
            Check.required("edit", edit);
            committedAt = Check.instant("committedAt", committedAt);
            Check.name("authorName", authorName);
        }

        /** The message for every connection but the author's. */
        public static Committed of(OpCommitted event) {
            return new Committed(event.revision(), event.clientId(), event.clientSeq(), event.edit(),
                    event.committedAt(), event.authorName());
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The author's own edit {@code clientSeq} was committed at {@code revision}; sent to the author instead of
     * {@link Committed}. */
    record Ack(long clientSeq, int revision) implements ServerMessage {
        public static final String TYPE = "ack";

        public Ack {
            Check.clientSeq("clientSeq", clientSeq);
            Check.committedRevision("revision", revision);
        }

        /** The message for the author's connection. */
        public static Ack of(OpCommitted event) {
            return new Ack(event.clientSeq(), event.revision());
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** A participant joined or moved their selections. JSON: the participant's fields beside {@code type}. */
    record Presence(Participant participant) implements ServerMessage {
        public static final String TYPE = "presence";

        public Presence {
            Check.required("participant", participant);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** A participant's last connection to the document closed. */
    record Left(String clientId) implements ServerMessage {
        public static final String TYPE = "left";

        public Left {
            Check.id("clientId", clientId);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * Something went wrong; {@code clientSeq} names the submit it is about, if any. When {@code fatal}, the gateway
     * closes the connection after this message; {@link ErrorCode#recovery()} says what the client does next.
     * {@code retryAfterMs}, when present, is how long the client waits before it reconnects (or sends again).
     */
    record Error(ErrorCode code, String message, OptionalLong clientSeq, boolean fatal, OptionalLong retryAfterMs)
            implements ServerMessage {
        public static final String TYPE = "error";

        public Error {
            Check.required("code", code);
            message = Check.message("message", message);
            Check.required("clientSeq", clientSeq);
            if (clientSeq.isPresent()) {
                Check.clientSeq("clientSeq", clientSeq.getAsLong());
            }
            Check.required("retryAfterMs", retryAfterMs);
            if (retryAfterMs.isPresent()) {
                Check.range("retryAfterMs", retryAfterMs.getAsLong(), 0, RETRY_AFTER_MAX_MS);
            }
        }

        /** The longest wait a gateway asks for: one hour. */
        public static final long RETRY_AFTER_MAX_MS = 3_600_000L;

        /** An error without a retry hint. */
        public Error(ErrorCode code, String message, OptionalLong clientSeq, boolean fatal) {
            this(code, message, clientSeq, fatal, OptionalLong.empty());
        }

        /** The same error, asking the client to wait {@code millis} before it reconnects. */
        public Error retryAfter(long millis) {
            return new Error(code, message, clientSeq, fatal, OptionalLong.of(millis));
        }

        /** An error about no submit in particular, fatal as its code says. */
        public Error(ErrorCode code, String message) {
            this(code, message, OptionalLong.empty(), code.fatal());
        }

        /** The report of a message that could not be decoded. */
        public static Error of(ProtocolException e) {
            return new Error(e.code(), e.getMessage(), e.clientSeq(), e.code().fatal());
        }

        /** The report of the sequencer's rejection, for the author's connection. */
        public static Error of(EditRejected event) {
            return new Error(event.code(), event.message(), OptionalLong.of(event.clientSeq()),
                    event.code().fatal());
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The answer to {@link ClientMessage.Ping}. */
    record Pong() implements ServerMessage {
        public static final String TYPE = "pong";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
