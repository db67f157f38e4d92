package dev.tandem.protocol.kafka;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ChatMessage;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.PresenceUpdate;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.Selection;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.Topics;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TandemSerdeTest {
    private static final Instant AT = Instant.parse("2025-01-15T09:30:00.180Z");

    @Test
    void editsRoundTripAsTheCodecsJson() {
        EditSubmitted e = new EditSubmitted("team-notes", "c-ada", 3, 41, new TextEdit(TextOperation.insert(13, "!")),
                AT, "Ada");
        byte[] bytes = new EditSubmittedSerializer().serialize(Topics.EDITS, e);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(TandemJson.shared().encode(e));
        assertThat(new EditSubmittedDeserializer().deserialize(Topics.EDITS, bytes)).isEqualTo(e);
    }

    @Test
    void sequencedEventsRoundTrip() {
        SequencedEventSerializer serializer = new SequencedEventSerializer();
        SequencedEventDeserializer deserializer = new SequencedEventDeserializer();
        for (SequencedEvent e : List.of(
                new OpCommitted("team-notes", 43, "c-ada", 3, new ChatMessage("hi 🚀"), AT, "Ada"),
                new EditRejected("team-notes", "c-lin", 8, ErrorCode.OP_DOES_NOT_FIT, "too far"),
                new EditDuplicate("team-notes", "c-ada", 3, 43))) {
            assertThat(deserializer.deserialize(Topics.OPS, new RecordHeaders(), serializer.serialize(Topics.OPS, e)))
                    .isEqualTo(e);
        }
    }

    @Test
    void presenceRoundTrips() {
        PresenceUpdate p = new PresenceUpdate("team-notes", "c-grace", "s-1", "Grace", "#ff7f0e", 43,
                List.of(Selection.caret(0)), false, AT);
        assertThat(new PresenceUpdateDeserializer().deserialize(Topics.PRESENCE,
                new PresenceUpdateSerializer().serialize(Topics.PRESENCE, p))).isEqualTo(p);
    }

    @Test
    void nullStaysNull() {
        assertThat(new EditSubmittedSerializer().serialize(Topics.EDITS, null)).isNull();
        assertThat(new EditSubmittedDeserializer().deserialize(Topics.EDITS, (byte[]) null)).isNull();
    }

    /** A poison record reads as null instead of throwing, so the partition keeps moving. */
    @Test
    void aPoisonRecordReadsAsNull() {
        byte[] notJson = "not json\nWARNING: forged".getBytes(StandardCharsets.UTF_8);
        assertThat(new SequencedEventDeserializer().deserialize(Topics.OPS, notJson)).isNull();
        byte[] anEditOnTheOpsTopic = new EditSubmittedSerializer().serialize(Topics.EDITS,
                new EditSubmitted("d", "c", 1, 0, new ChatMessage("hi"), AT, "Ada"));
        assertThat(new SequencedEventDeserializer().deserialize(Topics.OPS, anEditOnTheOpsTopic)).isNull();
        assertThat(new PresenceUpdateDeserializer().deserialize(Topics.PRESENCE, new byte[] {(byte) 0xff})).isNull();
    }

    /** Kafka instantiates them by class name, with the no-argument constructor. */
    @Test
    void theyCanBeConfiguredByClassName() throws Exception {
        for (Class<?> type : List.of(EditSubmittedSerializer.class, SequencedEventSerializer.class,
                PresenceUpdateSerializer.class)) {
            assertThat(Utils.newInstance(type.getName(), Serializer.class)).isInstanceOf(type);
        }
        for (Class<?> type : List.of(EditSubmittedDeserializer.class, SequencedEventDeserializer.class,
                PresenceUpdateDeserializer.class)) {
            assertThat(Utils.newInstance(type.getName(), Deserializer.class)).isInstanceOf(type);
        }
    }
}
