package dev.tandem.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.ot.InvalidOperationException;
import dev.tandem.ot.TextOperation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads every protocol type from a JSON tree, the one place that does. Each failure is a
 * {@link ProtocolException} whose message is the JSON path of the field ({@code submit.edit.op}) and the rule.
 */
final class WireDecoder {
    private static final ErrorCode MALFORMED = ErrorCode.MALFORMED_MESSAGE;

    private WireDecoder() {
    }

    static ClientMessage clientMessage(JsonNode node) {
        JsonFields f = JsonFields.of(node, "message", MALFORMED);
        String type = within("message", () -> f.string("type"));
        switch (type) {
            case ClientMessage.Join.TYPE:
                return within(type, () -> new ClientMessage.Join(f.string("docId"), f.string("clientId"),
                        f.string("name"), f.string("color"), f.optionalInteger("knownRevision"),
                        f.has("batches") && f.bool("batches")));
            case ClientMessage.Submit.TYPE:
                return within(type, () -> submit(f));
            case ClientMessage.Presence.TYPE:
                return within(type, () -> new ClientMessage.Presence(f.integer("revision"), selections(f),
                        view(f), following(f)));
            case ClientMessage.Ping.TYPE:
                return new ClientMessage.Ping();
            default:
                throw new ProtocolException(ErrorCode.UNKNOWN_MESSAGE_TYPE, "message.type " + Check.quote(type)
                        + " is not one of join, submit, presence, ping");
        }
    }

    private static ClientMessage.Submit submit(JsonFields f) {
        long clientSeq = Check.clientSeq("clientSeq", f.longInteger("clientSeq"));
        try {
            return new ClientMessage.Submit(clientSeq, f.integer("baseRevision"), edit(f));
        } catch (ProtocolException e) {
            throw e.forClientSeq(clientSeq);
        }
    }

    static ServerMessage serverMessage(JsonNode node) {
        JsonFields f = JsonFields.of(node, "message", MALFORMED);
        String type = within("message", () -> f.string("type"));
        switch (type) {
            case ServerMessage.Snapshot.TYPE:
                return within(type, () -> new ServerMessage.Snapshot(f.string("docId"), f.integer("revision"),
                        f.string("text"), f.string("language"), f.bool("readOnly"), present(f)));
            case ServerMessage.Resumed.TYPE:
                return within(type, () -> new ServerMessage.Resumed(f.string("docId"), f.integer("revision"),
                        f.integer("head"), f.bool("readOnly"), present(f)));
            case ServerMessage.Committed.TYPE:
                return within(type, () -> new ServerMessage.Committed(f.integer("revision"), f.string("clientId"),
                        f.longInteger("clientSeq"), edit(f), f.instant("committedAt"), f.string("authorName")));
            case ServerMessage.Ack.TYPE:
                return within(type, () -> new ServerMessage.Ack(f.longInteger("clientSeq"), f.integer("revision")));
            case ServerMessage.Presence.TYPE:
                return within(type, () -> new ServerMessage.Presence(participant(f)));
            case ServerMessage.Left.TYPE:
                return within(type, () -> new ServerMessage.Left(f.string("clientId")));
            case ServerMessage.Error.TYPE:
                return within(type, () -> new ServerMessage.Error(f.errorCode("code"), f.string("message"),
                        f.optionalLongInteger("clientSeq"), f.bool("fatal"),
                        f.optionalLongInteger("retryAfterMs")));
            case ServerMessage.Pong.TYPE:
                return new ServerMessage.Pong();
            default:
                throw new ProtocolException(ErrorCode.UNKNOWN_MESSAGE_TYPE, "message.type " + Check.quote(type)
                        + " is not one of snapshot, resumed, committed, ack, presence, left, error, pong");
        }
    }

    static EditSubmitted editSubmitted(JsonNode node) {
        String root = "EditSubmitted";
        JsonFields f = JsonFields.of(node, root, MALFORMED);
        return within(root, () -> new EditSubmitted(f.string("docId"), f.string("clientId"),
                f.longInteger("clientSeq"), f.integer("baseRevision"), edit(f), f.instant("submittedAt"),
                f.string("authorName")));
    }

    static SequencedEvent sequencedEvent(JsonNode node) {
        JsonFields f = JsonFields.of(node, "SequencedEvent", MALFORMED);
        String type = within("SequencedEvent", () -> f.string("type"));
        switch (type) {
            case OpCommitted.TYPE:
                return within("OpCommitted", () -> new OpCommitted(f.string("docId"), f.integer("revision"),
                        f.string("clientId"), f.longInteger("clientSeq"), edit(f), f.instant("committedAt"),
                        f.string("authorName")));
            case EditRejected.TYPE:
                return within("EditRejected", () -> new EditRejected(f.string("docId"), f.string("clientId"),
                        f.longInteger("clientSeq"), f.errorCode("code"), f.string("message")));
            case EditDuplicate.TYPE:
                return within("EditDuplicate", () -> new EditDuplicate(f.string("docId"), f.string("clientId"),
                        f.longInteger("clientSeq"), f.integer("revision")));
            default:
                throw new ProtocolException(ErrorCode.UNKNOWN_MESSAGE_TYPE, "SequencedEvent.type "
                        + Check.quote(type) + " is not one of committed, rejected, duplicate");
        }
    }

    static PresenceUpdate presenceUpdate(JsonNode node) {
        String root = "PresenceUpdate";
        JsonFields f = JsonFields.of(node, root, MALFORMED);
        return within(root, () -> new PresenceUpdate(f.string("docId"), f.string("clientId"),
                f.string("sessionId"), f.string("name"), f.string("color"), f.integer("revision"),
                selections(f), f.bool("leaving"), f.instant("at"), optionalFlag(f, "readOnly"), view(f),
                following(f)));
    }

    /** An {@link Edit} as a value of its own (a JSON object with {@code kind}). */
    static Edit edit(JsonNode node) {
        return editFields(JsonFields.of(node, "edit", ErrorCode.INVALID_EDIT));
    }

    /** The {@code edit} field of a message or event. */
    private static Edit edit(JsonFields parent) {
        JsonFields f = parent.object("edit", ErrorCode.INVALID_EDIT);
        return within("edit", () -> editFields(f));
    }

    private static Edit editFields(JsonFields f) {
        String kind = f.string("kind");
        switch (kind) {
            case TextEdit.KIND:
                return new TextEdit(operation(f.required("op")));
            case LanguageChange.KIND:
                return new LanguageChange(f.string("language"));
            case ChatMessage.KIND:
                return new ChatMessage(f.string("text"));
            case VersionName.KIND:
                return new VersionName(f.integer("revision"), f.string("name"));
            case ForkOrigin.KIND:
                return new ForkOrigin(forkedFrom(f.object("forkedFrom", ErrorCode.INVALID_EDIT)), f.string("text"),
                        f.string("language"));
            default:
                throw f.fail("kind " + Check.quote(kind) + " is not one of text, language, chat, name, fork");
        }
    }

    private static ForkedFrom forkedFrom(JsonFields f) {
        return within("forkedFrom", () -> new ForkedFrom(f.string("docId"), f.integer("revision")));
    }

    /** An op in ot-text-unicode's JSON form; TextOperation says what is wrong with it. */
    static TextOperation operation(JsonNode node) {
        if (!node.isArray()) {
            throw new ProtocolException(ErrorCode.INVALID_EDIT, "op must be an array, was "
                    + JsonFields.describe(node));
        }
        List<Object> items = new ArrayList<>(node.size());
        node.forEach(item -> items.add(plain(item)));
        try {
            return TextOperation.fromJson(items);
        } catch (InvalidOperationException e) {
            throw new ProtocolException(ErrorCode.INVALID_EDIT, "op is invalid: " + e.getMessage());
        }
    }

    /**
     * A JSON value as the plain Java objects {@link TextOperation#fromJson} reads. Objects and arrays print as
     * JSON, so its messages quote a bad component as the client wrote it.
     */
    private static Object plain(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>() {
                @Override
                public String toString() {
                    return node.toString();
                }
            };
            node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        // anything else is refused by fromJson; this object only prints the value for the message
        return new Object() {
            @Override
            public String toString() {
                return node.toString();
            }
        };
    }

    static Selection selection(JsonNode node) {
        JsonFields f = JsonFields.of(node, "selection", MALFORMED);
        return new Selection(f.integer("anchor"), f.integer("head"));
    }

    static Participant participant(JsonNode node) {
        return participant(JsonFields.of(node, "participant", MALFORMED));
    }

    private static Participant participant(JsonFields f) {
        return new Participant(f.string("clientId"), f.string("name"), f.string("color"), f.integer("revision"),
                selections(f), optionalFlag(f, "readOnly"), view(f), following(f));
    }

    static Viewport viewport(JsonNode node) {
        JsonFields f = JsonFields.of(node, "view", MALFORMED);
        return new Viewport(f.integer("from"), f.integer("to"));
    }

    /** The optional {@code view} of a presence. */
    private static Optional<Viewport> view(JsonFields f) {
        if (!f.has("view")) {
            return Optional.empty();
        }
        JsonFields view = f.object("view", MALFORMED);
        return Optional.of(within("view", () -> new Viewport(view.integer("from"), view.integer("to"))));
    }

    /** The optional {@code following} of a presence: a clientId. */
    private static Optional<String> following(JsonFields f) {
        return f.has("following") ? Optional.of(f.string("following")) : Optional.empty();
    }

    /** A boolean field that is absent when false. */
    private static boolean optionalFlag(JsonFields f, String field) {
        return f.has(field) && f.bool(field);
    }

    private static List<Selection> selections(JsonFields f) {
        return list(f, "selections", WireDecoder::selection);
    }

    private static List<Participant> present(JsonFields f) {
        return list(f, "present", WireDecoder::participant);
    }

    private static <T> List<T> list(JsonFields f, String field, Function<JsonNode, T> item) {
        List<JsonNode> nodes = f.array(field);
        List<T> values = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String path = field + "[" + i + "]";
            if (!node.isObject()) {
                throw f.fail(path + " must be a JSON object, was " + JsonFields.describe(node));
            }
            values.add(within(path, () -> item.apply(node)));
        }
        return values;
    }

    private static final Map<Class<?>, Function<JsonNode, ?>> ROOTS = Map.of(
            TextOperation.class, WireDecoder::operation,
            Edit.class, WireDecoder::edit,
            Selection.class, WireDecoder::selection,
            Viewport.class, WireDecoder::viewport,
            Participant.class, WireDecoder::participant,
            ClientMessage.class, WireDecoder::clientMessage,
            ServerMessage.class, WireDecoder::serverMessage,
            EditSubmitted.class, WireDecoder::editSubmitted,
            SequencedEvent.class, WireDecoder::sequencedEvent,
            PresenceUpdate.class, WireDecoder::presenceUpdate);

    /** The protocol types with a JSON form of their own: the roots above and the subtypes of sealed roots. */
    static Set<Class<?>> types() {
        Set<Class<?>> types = new LinkedHashSet<>(ROOTS.keySet());
        for (Class<?> root : ROOTS.keySet()) {
            if (root.isSealed()) {
                types.addAll(List.of(root.getPermittedSubclasses()));
            }
        }
        return types;
    }

    /**
     * The reader of {@code type}: a root's own, or for a subtype of a sealed root the root's reader, checking the
     * value read is of that subtype.
     */
    @SuppressWarnings("unchecked")
    static <T> Function<JsonNode, T> reader(Class<T> type) {
        Function<JsonNode, ?> own = ROOTS.get(type);
        if (own != null) {
            return (Function<JsonNode, T>) own;
        }
        for (Map.Entry<Class<?>, Function<JsonNode, ?>> root : ROOTS.entrySet()) {
            if (root.getKey().isAssignableFrom(type)) {
                Function<JsonNode, ?> rootReader = root.getValue();
                return node -> {
                    Object value = rootReader.apply(node);
                    if (!type.isInstance(value)) {
                        throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "expected "
                                + type.getSimpleName() + ", was " + value.getClass().getSimpleName());
                    }
                    return type.cast(value);
                };
            }
        }
        throw new IllegalArgumentException(type.getName() + " is not a protocol type");
    }

    /** {@code body}, with {@code path.} before the message of any protocol error it throws. */
    static <T> T within(String path, Supplier<T> body) {
        try {
            return body.get();
        } catch (ProtocolException e) {
            throw e.within(path);
        }
    }
}
