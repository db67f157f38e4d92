package dev.tandem.sequencer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.TextEdit;
import dev.tandem.testsupport.load.ClientReport;
import dev.tandem.testsupport.load.LogInvariants;
import dev.tandem.testsupport.load.OpsLog;

/** The checker the ITs rely on must catch each kind of broken log, or their green means nothing. */
class LogInvariantsTest {

    private static final Instant NOW = Instant.parse("2025-01-15T09:30:00Z");

    @Test
    void soundLogHasNoViolations() {
        OpsLog log = log(op(1, "ada", 1, 0, "a"), op(2, "bob", 1, 1, "b"), new EditDuplicate("d", "ada", 1, 1));

        assertThat(LogInvariants.check(log, List.of(client("ada", "ab", 2, 1), client("bob", "ab", 2, 1)))).isEmpty();
    }

    @Test
    void repeatedRevisionAndEditCommittedTwiceAreReported() {
        OpsLog log = log(op(1, "ada", 1, 0, "a"), op(1, "ada", 1, 0, "a"));

        assertThat(LogInvariants.check(log, List.of())).anyMatch(v -> v.contains("revision 1 where revision 2"))
                .anyMatch(v -> v.contains("committed twice"));
    }

    @Test
    void skippedRevisionIsReported() {
        OpsLog log = log(op(1, "ada", 1, 0, "a"), op(3, "ada", 2, 1, "b"));

        assertThat(LogInvariants.check(log, List.of())).anyMatch(v -> v.contains("revision 3 where revision 2"));
    }

    @Test
    void lostEditAndDivergedTextAreReported() {
        OpsLog log = log(op(1, "ada", 1, 0, "a"));

        assertThat(LogInvariants.check(log, List.of(client("ada", "ax", 1, 1, 2))))
                .anyMatch(v -> v.contains("clientSeq 2 was submitted but never committed"))
                .anyMatch(v -> v.contains("ended with text \"ax\""));
    }

    @Test
    void duplicateNamingTheWrongRevisionIsReported() {
        OpsLog log = log(op(1, "ada", 1, 0, "a"), new EditDuplicate("d", "ada", 1, 7));

        assertThat(LogInvariants.check(log, List.of())).anyMatch(v -> v.contains("names revision 7"));
    }

    private static OpsLog log(SequencedEvent... events) {
        return OpsLog.of(Map.of("d", List.of(events)));
    }

    private static OpCommitted op(int revision, String client, long seq, int at, String text) {
        return new OpCommitted("d", revision, client, seq, new TextEdit(TextOperation.insert(at, text)), NOW, "N");
    }

    private static ClientReport client(String id, String text, int revision, long... seqs) {
        TreeSet<Long> submitted = new TreeSet<>();
        for (long seq : seqs) {
            submitted.add(seq);
        }
        return new ClientReport("d", id, submitted, text, revision, List.of(), 0, 0);
    }
}
