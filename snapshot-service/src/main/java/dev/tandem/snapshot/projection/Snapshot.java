package dev.tandem.snapshot.projection;

/** The full text and language of a document at {@code revision}, as stored. */
public record Snapshot(String docId, int revision, String text, String language) {

    static Snapshot of(DocumentHead head) {
        return new Snapshot(head.docId(), head.revision(), head.textString(), head.language());
    }
}
