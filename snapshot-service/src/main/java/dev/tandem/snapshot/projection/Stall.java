package dev.tandem.snapshot.projection;

/**
 * Why a document's projection stopped: an op that cannot follow its head. Nothing past {@code headRevision} is
 * written for the document until an operator repairs it, because writing past a missing or unfit revision would
 * store a text that the log does not describe.
 *
 * @param revision the revision that could not be applied
 */
public record Stall(String docId, int headRevision, int revision, String reason) {

    static Stall gap(String docId, int headRevision, int revision) {
        String missing = revision == headRevision + 2 ? "revision " + (headRevision + 1) + " is"
                : "revisions " + (headRevision + 1) + ".." + (revision - 1) + " are";
        return new Stall(docId, headRevision, revision, "gap: revision " + revision + " of document " + docId
                + " arrived at head revision " + headRevision + "; " + missing + " missing from tandem.ops");
    }

    static Stall unfit(String docId, int headRevision, int revision, String why) {
        return new Stall(docId, headRevision, revision, "revision " + revision + " of document " + docId
                + " does not apply to revision " + headRevision + ": " + why);
    }
}
