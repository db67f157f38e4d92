package dev.tandem.sequencer;

/**
 * What one {@link DocumentSequencer} may hold and accept: plain values, so the core needs no configuration
 * framework.
 *
 * @param window            committed ops kept to transform submitted edits against (W); an edit based on an
 *                          older revision is refused with {@code BASE_REVISION_TOO_OLD}
 * @param clients           clients whose last committed clientSeq is remembered (LRU); a forgotten client's
 *                          resend cannot be recognised, so it is refused rather than applied twice
 * @param maxDocumentLength longest document, in code points ({@code DOCUMENT_TOO_LARGE} beyond)
 */
public record SequencerLimits(int window, int clients, int maxDocumentLength) {

    public static final SequencerLimits DEFAULTS = new SequencerLimits(1000, 1000, 10_000_000);

    public SequencerLimits {
        if (window < 1 || clients < 1 || maxDocumentLength < 0) {
            throw new IllegalArgumentException("window and clients must be >= 1 and maxDocumentLength >= 0, were "
                    + window + ", " + clients + ", " + maxDocumentLength);
        }
    }
}
