package dev.tandem.gateway.document;

/**
 * Revisions {@code from..to} (inclusive) of a live document that its gateway has not seen while it holds later
 * ones: they are fetched from the snapshot service before anything after them is delivered.
 */
public record Gap(String docId, int from, int to) {
    public Gap {
        if (from < 1 || to < from) {
            throw new IllegalArgumentException("bad gap " + from + ".." + to + " of " + docId);
        }
    }
}
