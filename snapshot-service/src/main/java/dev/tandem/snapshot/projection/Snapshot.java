package dev.tandem.snapshot.projection;

import dev.tandem.protocol.history.AuthorRun;

import java.util.List;

/** The full text, language and authorship of a document at {@code revision}, as stored. */
public record Snapshot(String docId, int revision, String text, String language, List<AuthorRun> authorship) {

    static Snapshot of(DocumentHead head) {
        return new Snapshot(head.docId(), head.revision(), head.textString(), head.language(),
                Author.runs(head.authorship()));
    }
}
