package dev.tandem.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tandem.ot.Component;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.SizeLimits;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.TextEdit;

/** The sequencer commits an OpCommitted of exactly the largest record, and refuses one byte more, unchanged. */
class RecordSizeTest {

    private static final Instant NOW = Instant.parse("2025-01-15T09:30:00.123Z");
    private static final int LIMIT = SizeLimits.maxRecordValueBytes(SizeLimits.DEFAULT_MAX_FRAME_BYTES);
    private static final String DOC = "doc-with-21-chars-abc";
    private static final String CLIENT = "client-with-20-chars";

    private final DocumentSequencer doc = new DocumentSequencer(DOC, SequencerLimits.DEFAULTS);

    @Test
    void anEditWhoseOpCommittedIsExactlyTheLimitIsCommitted() {
        SequencedEvent decision = doc.submit(insertOfEncodedSize(LIMIT, 1), NOW);

        assertThat(decision).isInstanceOf(OpCommitted.class);
        assertThat(TandemJson.shared().encodeBytes(decision)).hasSize(LIMIT);
        assertThat(doc.head()).isEqualTo(1);
    }

    @Test
    void oneByteMoreIsRefusedWithTheSizesAndTakesNoRevision() {
        SequencedEvent decision = doc.submit(insertOfEncodedSize(LIMIT + 1, 1), NOW);

        assertThat(decision).isInstanceOfSatisfying(EditRejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
            assertThat(rejected.message()).isEqualTo("the edit, transformed for revision 1, is " + (LIMIT + 1)
                    + " bytes; the log takes at most " + LIMIT);
        });
        assertThat(doc.head()).isZero();
        assertThat(doc.text()).isEmpty();
        // the clientSeq is not used up and the document goes on: the same clientSeq commits at revision 1
        assertThat(doc.submit(submitted(1, 0, TextOperation.insert(0, "x")), NOW))
                .isInstanceOfSatisfying(OpCommitted.class, committed -> assertThat(committed.revision()).isEqualTo(1));
    }

    @Test
    void aTransformThatGrowsTheOpPastTheLimitIsRefused() {
        doc.submit(submitted(1, 0, TextOperation.insert(0, "ab")), NOW);
        // exactly the limit if it were committed at revision 2 as it was made: [2, "xxx…"]
        String text = "x".repeat(insertLength(LIMIT, 2, 2));
        TextOperation made = TextOperation.of(new Component.Retain(2), new Component.Insert(text, text.length()));
        EditSubmitted edit = submitted(2, 1, made);
        assertThat(encodedSize(2, made, 2)).isEqualTo(LIMIT);
        // a concurrent insert of ten characters commits first: the retain becomes 12, one digit longer
        doc.submit(new EditSubmitted(DOC, "other", 1, 1, new TextEdit(TextOperation.insert(0, "0123456789")), NOW,
                "sec"), NOW);

        SequencedEvent decision = doc.submit(edit, NOW);

        assertThat(decision).isInstanceOfSatisfying(EditRejected.class, rejected -> assertThat(rejected.message())
                .isEqualTo("the edit, transformed for revision 3, is " + (LIMIT + 1) + " bytes; the log takes at most "
                        + LIMIT));
        assertThat(doc.head()).isEqualTo(2);
        assertThat(doc.text()).isEqualTo("0123456789ab");
    }

    @Test
    void theBoundNeverUnderestimatesAndOrdinaryEditsAreNotEncoded() {
        OpCommitted hostile = new OpCommitted(DOC, 7, CLIENT, 3, new TextEdit(TextOperation.insert(5,
                "\"\\\u0001\u2028🌍é".repeat(1000))), NOW, "s\"c");
        assertThat(RecordBudget.upperBound(hostile))
                .isGreaterThanOrEqualTo(TandemJson.shared().encodeBytes(hostile).length);
        OpCommitted ordinary = new OpCommitted(DOC, 7, CLIENT, 3, new TextEdit(TextOperation.insert(5, "hello")),
                NOW, "sec");
        assertThat(RecordBudget.upperBound(ordinary)).isLessThan(1000);
    }

    /** An ASCII insert at position 0 whose OpCommitted at {@code revision} encodes to {@code bytes}. */
    private EditSubmitted insertOfEncodedSize(int bytes, int revision) {
        return submitted(1, 0, TextOperation.insert(0, "x".repeat(insertLength(bytes, revision, 0))));
    }

    private static int insertLength(int bytes, int revision, int retain) {
        TextOperation probe = retain == 0 ? TextOperation.insert(0, "x") : TextOperation.of(
                new Component.Retain(retain), new Component.Insert("x", 1));
        return 1 + bytes - encodedSize(revision, probe, 1);
    }

    private static int encodedSize(int revision, TextOperation op, long clientSeq) {
        return TandemJson.shared().encodeBytes(new OpCommitted(DOC, revision, CLIENT, clientSeq, new TextEdit(op), NOW,
                "sec")).length;
    }

    private static EditSubmitted submitted(long clientSeq, int base, TextOperation op) {
        return new EditSubmitted(DOC, CLIENT, clientSeq, base, new TextEdit(op), NOW, "sec");
    }
}
