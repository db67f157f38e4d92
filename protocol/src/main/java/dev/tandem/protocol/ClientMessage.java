package dev.tandem.protocol;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A WebSocket message from a browser to the gateway: one JSON object per text frame, discriminated by
 * {@code type}. See docs/protocol.md for the connection lifecycle.
 */
public sealed interface ClientMessage permits ClientMessage.Join, ClientMessage.Submit, ClientMessage.Presence,
        ClientMessage.Ping {

    /** The wire discriminator. */
    String type();

    /**
     * The first message on a connection: who the client is, and, when it reconnects holding a document, the last
     * revision it has applied ({@code knownRevision}), so the gateway replays only what it missed.
     */
    /**
     * {@code batches}: the client accepts a text message holding a JSON array of server messages (docs/protocol.md,
     * section 3), which the gateway sends when several are ready for the connection at once.
     */
    record Join(String docId, String clientId, String name, String color, OptionalInt knownRevision, boolean batches)
            implements ClientMessage {
        public static final String TYPE = "join";

        public Join {
            Check.id("docId", docId);
            Check.id("clientId", clientId);
            Check.name("name", name);
            Check.color("color", color);
            Check.required("knownRevision", knownRevision);
            if (knownRevision.isPresent()) {
                Check.nonNegative("knownRevision", knownRevision.getAsInt());
            }
        }

        /** A join that takes one server message per text message. */
        public Join(String docId, String clientId, String name, String color, OptionalInt knownRevision) {
            this(docId, clientId, name, color, knownRevision, false);
        }

        /** A first join, with no document held. */
        public Join(String docId, String clientId, String name, String color) {
            this(docId, clientId, name, color, OptionalInt.empty());
        }

        /** A rejoin by a client that holds the document at {@code knownRevision}. */
        public Join(String docId, String clientId, String name, String color, int knownRevision) {
            this(docId, clientId, name, color, OptionalInt.of(knownRevision));
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * An edit made on the document at {@code baseRevision}; {@code clientSeq} is 1 for a clientId's first edit and
     * one more for each next. At most one submit is unacknowledged per client.
     */
    record Submit(long clientSeq, int baseRevision, Edit edit) implements ClientMessage {
        public static final String TYPE = "submit";

        public Submit {
            Check.clientSeq("clientSeq", clientSeq);
            Check.nonNegative("baseRevision", baseRevision);
            Check.required("edit", edit);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * Where the client's selections are, in its document at {@code revision}; empty when it shows no caret.
     * {@code view}: the part of the document it shows (absent: not said, an older client); {@code following}: the
     * clientId of the participant whose view it follows (absent: nobody).
     */
    record Presence(int revision, List<Selection> selections, Optional<Viewport> view, Optional<String> following)
            implements ClientMessage {
        public static final String TYPE = "presence";

        public Presence {
            Check.nonNegative("revision", revision);
            selections = Check.list("selections", selections, Selection.MAX_PER_CLIENT);
            Check.required("view", view);
            Check.following(following);
        }

        /** The presence of a client that says nothing of its view and follows nobody. */
        public Presence(int revision, List<Selection> selections) {
            this(revision, selections, Optional.empty(), Optional.empty());
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Keep-alive; answered by {@link ServerMessage.Pong}. Allowed before {@code join}. */
    record Ping() implements ClientMessage {
        public static final String TYPE = "ping";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
