package dev.tandem.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tandem.ot.Component;
import dev.tandem.ot.TextOperation;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Writes every protocol type, the one place that does. The field order written here is the canonical form the
 * examples in docs/protocol.md show; optional fields are omitted when empty, never written as {@code null}.
 */
final class WireEncoder {
    private WireEncoder() {
    }

    static void clientMessage(JsonGenerator g, ClientMessage message) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", message.type());
        if (message instanceof ClientMessage.Join m) {
            g.writeStringField("docId", m.docId());
            g.writeStringField("clientId", m.clientId());
            g.writeStringField("name", m.name());
            g.writeStringField("color", m.color());
            optional(g, "knownRevision", m.knownRevision());
            if (m.batches()) {
                g.writeBooleanField("batches", true);
            }
        } else if (message instanceof ClientMessage.Submit m) {
            g.writeNumberField("clientSeq", m.clientSeq());
            g.writeNumberField("baseRevision", m.baseRevision());
            editField(g, m.edit());
        } else if (message instanceof ClientMessage.Presence m) {
            g.writeNumberField("revision", m.revision());
            selections(g, m.selections());
            attention(g, m.view(), m.following());
        }
        g.writeEndObject();
    }

    static void serverMessage(JsonGenerator g, ServerMessage message) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", message.type());
        if (message instanceof ServerMessage.Snapshot m) {
            g.writeStringField("docId", m.docId());
            g.writeNumberField("revision", m.revision());
            g.writeStringField("text", m.text());
            g.writeStringField("language", m.language());
            g.writeBooleanField("readOnly", m.readOnly());
            present(g, m.present());
        } else if (message instanceof ServerMessage.Resumed m) {
            g.writeStringField("docId", m.docId());
            g.writeNumberField("revision", m.revision());
            g.writeNumberField("head", m.head());
            g.writeBooleanField("readOnly", m.readOnly());
            present(g, m.present());
        } else if (message instanceof ServerMessage.Committed m) {
            g.writeNumberField("revision", m.revision());
            g.writeStringField("clientId", m.clientId());
            g.writeNumberField("clientSeq", m.clientSeq());
            editField(g, m.edit());
            instant(g, "committedAt", m.committedAt());
            g.writeStringField("authorName", m.authorName());
        } else if (message instanceof ServerMessage.Ack m) {
            g.writeNumberField("clientSeq", m.clientSeq());
            g.writeNumberField("revision", m.revision());
        } else if (message instanceof ServerMessage.Presence m) {
            participantFields(g, m.participant());
        } else if (message instanceof ServerMessage.Left m) {
            g.writeStringField("clientId", m.clientId());
        } else if (message instanceof ServerMessage.Error m) {
            g.writeStringField("code", m.code().name());
            g.writeStringField("message", m.message());
            optional(g, "clientSeq", m.clientSeq());
            g.writeBooleanField("fatal", m.fatal());
            optional(g, "retryAfterMs", m.retryAfterMs());
        }
        g.writeEndObject();
    }

    static void editSubmitted(JsonGenerator g, EditSubmitted e) throws IOException {
        g.writeStartObject();
        g.writeStringField("docId", e.docId());
        g.writeStringField("clientId", e.clientId());
        g.writeNumberField("clientSeq", e.clientSeq());
        g.writeNumberField("baseRevision", e.baseRevision());
        editField(g, e.edit());
        instant(g, "submittedAt", e.submittedAt());
        g.writeStringField("authorName", e.authorName());
        g.writeEndObject();
    }

    static void sequencedEvent(JsonGenerator g, SequencedEvent event) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", event.type());
        g.writeStringField("docId", event.docId());
        if (event instanceof OpCommitted e) {
            g.writeNumberField("revision", e.revision());
            g.writeStringField("clientId", e.clientId());
            g.writeNumberField("clientSeq", e.clientSeq());
            editField(g, e.edit());
            instant(g, "committedAt", e.committedAt());
            g.writeStringField("authorName", e.authorName());
        } else if (event instanceof EditRejected e) {
            g.writeStringField("clientId", e.clientId());
            g.writeNumberField("clientSeq", e.clientSeq());
            g.writeStringField("code", e.code().name());
            g.writeStringField("message", e.message());
        } else if (event instanceof EditDuplicate e) {
            g.writeStringField("clientId", e.clientId());
            g.writeNumberField("clientSeq", e.clientSeq());
            g.writeNumberField("revision", e.revision());
        }
        g.writeEndObject();
    }

    static void presenceUpdate(JsonGenerator g, PresenceUpdate e) throws IOException {
        g.writeStartObject();
        g.writeStringField("docId", e.docId());
        g.writeStringField("clientId", e.clientId());
        g.writeStringField("sessionId", e.sessionId());
        g.writeStringField("name", e.name());
        g.writeStringField("color", e.color());
        g.writeNumberField("revision", e.revision());
        selections(g, e.selections());
        g.writeBooleanField("leaving", e.leaving());
        instant(g, "at", e.at());
        if (e.readOnly()) {
            g.writeBooleanField("readOnly", true);
        }
        attention(g, e.view(), e.following());
        g.writeEndObject();
    }

    static void edit(JsonGenerator g, Edit edit) throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", edit.kind());
        if (edit instanceof TextEdit e) {
            g.writeFieldName("op");
            operation(g, e.op());
        } else if (edit instanceof LanguageChange e) {
            g.writeStringField("language", e.language());
        } else if (edit instanceof ChatMessage e) {
            g.writeStringField("text", e.text());
        } else if (edit instanceof VersionName e) {
            g.writeNumberField("revision", e.revision());
            g.writeStringField("name", e.name());
        } else if (edit instanceof ForkOrigin e) {
            g.writeObjectFieldStart("forkedFrom");
            g.writeStringField("docId", e.forkedFrom().docId());
            g.writeNumberField("revision", e.forkedFrom().revision());
            g.writeEndObject();
            g.writeStringField("text", e.text());
            g.writeStringField("language", e.language());
        }
        g.writeEndObject();
    }

    /** ot-text-unicode's form: retain n as n, insert as the string, delete n as {"d": n}. */
    static void operation(JsonGenerator g, TextOperation op) throws IOException {
        g.writeStartArray();
        for (Component c : op.components()) {
            if (c instanceof Component.Retain r) {
                g.writeNumber(r.count());
            } else if (c instanceof Component.Insert i) {
                g.writeString(i.text());
            } else {
                g.writeStartObject();
                g.writeNumberField("d", c.length());
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }

    static void selection(JsonGenerator g, Selection s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("anchor", s.anchor());
        g.writeNumberField("head", s.head());
        g.writeEndObject();
    }

    static void participant(JsonGenerator g, Participant p) throws IOException {
        g.writeStartObject();
        participantFields(g, p);
        g.writeEndObject();
    }

    private static void participantFields(JsonGenerator g, Participant p) throws IOException {
        g.writeStringField("clientId", p.clientId());
        g.writeStringField("name", p.name());
        g.writeStringField("color", p.color());
        g.writeNumberField("revision", p.revision());
        selections(g, p.selections());
        if (p.readOnly()) {
            g.writeBooleanField("readOnly", true);
        }
        attention(g, p.view(), p.following());
    }

    static void viewport(JsonGenerator g, Viewport v) throws IOException {
        g.writeStartObject();
        g.writeNumberField("from", v.from());
        g.writeNumberField("to", v.to());
        g.writeEndObject();
    }

    /** A presence's optional {@code view} and {@code following}, written only when present. */
    private static void attention(JsonGenerator g, Optional<Viewport> view, Optional<String> following)
            throws IOException {
        if (view.isPresent()) {
            g.writeFieldName("view");
            viewport(g, view.get());
        }
        if (following.isPresent()) {
            g.writeStringField("following", following.get());
        }
    }

    private static void editField(JsonGenerator g, Edit edit) throws IOException {
        g.writeFieldName("edit");
        edit(g, edit);
    }

    private static void selections(JsonGenerator g, List<Selection> selections) throws IOException {
        g.writeArrayFieldStart("selections");
        for (Selection s : selections) {
            selection(g, s);
        }
        g.writeEndArray();
    }

    private static void present(JsonGenerator g, List<Participant> present) throws IOException {
        g.writeArrayFieldStart("present");
        for (Participant p : present) {
            participant(g, p);
        }
        g.writeEndArray();
    }

    /** RFC 3339 in UTC, millisecond precision at most: {@code 2025-01-15T09:30:00.250Z}. */
    private static void instant(JsonGenerator g, String field, Instant instant) throws IOException {
        g.writeStringField(field, instant.toString());
    }

    private static void optional(JsonGenerator g, String field, OptionalInt value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(field, value.getAsInt());
        }
    }

    private static void optional(JsonGenerator g, String field, OptionalLong value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(field, value.getAsLong());
        }
    }
}
