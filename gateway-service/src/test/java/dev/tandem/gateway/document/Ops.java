package dev.tandem.gateway.document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tandem.ot.Ot;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TextEdit;

/** A document's history for tests: revision n inserts the n-th letter at the end. */
final class Ops {
    private Ops() {
    }

    static OpCommitted op(String docId, int revision) {
        return op(docId, revision, "c-other");
    }

    static OpCommitted op(String docId, int revision, String clientId) {
        return new OpCommitted(docId, revision, clientId, revision, new TextEdit(
                TextOperation.insert(revision - 1, letter(revision))), Instant.parse("2025-01-01T00:00:00Z"), "Ann");
    }

    static List<OpCommitted> range(String docId, int from, int to) {
        List<OpCommitted> ops = new ArrayList<>();
        for (int r = from; r <= to; r++) {
            ops.add(op(docId, r));
        }
        return ops;
    }

    /** The text at {@code revision}. */
    static String text(int revision) {
        String text = "";
        for (int r = 1; r <= revision; r++) {
            text = Ot.apply(text, TextOperation.insert(r - 1, letter(r)));
        }
        return text;
    }

    static String letter(int revision) {
        return String.valueOf((char) ('a' + (revision - 1) % 26));
    }
}
