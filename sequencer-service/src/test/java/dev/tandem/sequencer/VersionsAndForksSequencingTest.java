package dev.tandem.sequencer;

import static dev.tandem.sequencer.DocumentSequencerTest.submit;
import static dev.tandem.sequencer.DocumentSequencerTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.ForkOrigin;
import dev.tandem.protocol.ForkedFrom;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.VersionName;

/** The sequencer's rules for the edit kinds of issue 12 that need the head. */
class VersionsAndForksSequencingTest {
    private static final Instant NOW = Instant.parse("2025-01-15T09:30:00Z");
    private static final ForkOrigin FORK = new ForkOrigin(new ForkedFrom("origin", 4), "hé🌍\n", "python");

    private final DocumentSequencer doc = new DocumentSequencer("doc", SequencerLimits.DEFAULTS);

    @Test
    void aNameOfARevisionTheDocumentHasTakesARevisionAndChangesNothingElse() {
        doc.submit(submit("ada", 1, 0, text(TextOperation.insert(0, "abc"))), NOW);
        SequencedEvent named = doc.submit(submit("ada", 2, 1, new VersionName(1, "first")), NOW);
        assertThat(named).isInstanceOf(OpCommitted.class);
        assertThat(((OpCommitted) named).revision()).isEqualTo(2);
        // a name may name the empty document, and a name based on an older revision is fine
        assertThat(doc.submit(submit("bob", 1, 1, new VersionName(0, "empty")), NOW)).isInstanceOf(OpCommitted.class);
        assertThat(doc.text()).isEqualTo("abc");
        assertThat(doc.language()).isEqualTo("plaintext");
        assertThat(doc.head()).isEqualTo(3);
    }

    @Test
    void aNameOfARevisionBeyondTheHeadIsRefused() {
        doc.submit(submit("ada", 1, 0, text(TextOperation.insert(0, "abc"))), NOW);
        SequencedEvent refused = doc.submit(submit("ada", 2, 1, new VersionName(2, "the future")), NOW);
        assertThat(refused).isInstanceOfSatisfying(EditRejected.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.INVALID_EDIT);
            assertThat(r.message()).isEqualTo("edit.revision 2 is beyond the head revision 1 of document doc: only a"
                    + " revision the document has can be named");
        });
        assertThat(doc.head()).isEqualTo(1);
    }

    @Test
    void aForkIsCommittedAsTheFirstRevisionWithItsTextAndLanguage() {
        SequencedEvent first = doc.submit(submit("fork-1", 1, 0, FORK), NOW);
        assertThat(first).isInstanceOfSatisfying(OpCommitted.class, c -> {
            assertThat(c.revision()).isEqualTo(1);
            assertThat(c.edit()).isEqualTo(FORK);
        });
        assertThat(doc.text()).isEqualTo("hé🌍\n");
        assertThat(doc.language()).isEqualTo("python");
        // a client that typed on revision 0 is transformed against the fork's insert
        OpCommitted typed = (OpCommitted) doc.submit(submit("ada", 1, 0, text(TextOperation.insert(0, "x"))), NOW);
        assertThat(doc.text()).isEqualTo("hé🌍\nx");
        assertThat(typed.edit()).isEqualTo(text(TextOperation.insert(4, "x")));

        DocumentSequencer replayed = new DocumentSequencer("doc", SequencerLimits.DEFAULTS);
        replayed.apply((OpCommitted) first);
        replayed.apply(typed);
        assertThat(replayed.text()).isEqualTo(doc.text());
        assertThat(replayed.language()).isEqualTo("python");
    }

    @Test
    void aForkIntoADocumentThatHasRevisionsIsRefused() {
        doc.submit(submit("ada", 1, 0, text(TextOperation.insert(0, "abc"))), NOW);
        SequencedEvent refused = doc.submit(submit("fork-1", 1, 1, FORK), NOW);
        assertThat(refused).isInstanceOfSatisfying(EditRejected.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.INVALID_EDIT);
            assertThat(r.message()).contains("a fork edit is the first revision of a new document");
        });
        assertThat(doc.text()).isEqualTo("abc");
    }
}
