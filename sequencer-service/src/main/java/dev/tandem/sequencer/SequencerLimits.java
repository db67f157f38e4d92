package dev.tandem.sequencer;

import dev.tandem.protocol.SizeLimits;

/**
 * What one {@link DocumentSequencer} may hold and accept: plain values, so the core needs no configuration
 * framework.
 *
 * @param window            committed ops kept to transform submitted edits against (W); an edit based on an
 *                          older revision is refused with {@code BASE_REVISION_TOO_OLD}
 * @param clients           clients whose last committed clientSeq is remembered (LRU); a forgotten client's
 *                          resend cannot be recognised, so it is refused rather than applied twice
 * @param maxDocumentLength longest document, in code points ({@code DOCUMENT_TOO_LARGE} beyond)
 * @param maxRecordBytes    largest encoded {@code OpCommitted} the log takes ({@code MESSAGE_TOO_LARGE} beyond):
 *                          {@link SizeLimits#maxRecordValueBytes} of the frame limit
 */
public record SequencerLimits(int window, int clients, int maxDocumentLength, int maxRecordBytes) {

    public static final SequencerLimits DEFAULTS = new SequencerLimits(1000, 1000, 10_000_000);

    public SequencerLimits {
        if (window < 1 || clients < 1 || maxDocumentLength < 0 || maxRecordBytes < 1) {
            throw new IllegalArgumentException("window, clients and maxRecordBytes must be >= 1 and "
                    + "maxDocumentLength >= 0, were " + window + ", " + clients + ", " + maxRecordBytes + ", "
                    + maxDocumentLength);
        }
    }

    /** With the largest record of the default frame limit. */
    public SequencerLimits(int window, int clients, int maxDocumentLength) {
        this(window, clients, maxDocumentLength, SizeLimits.maxRecordValueBytes(SizeLimits.DEFAULT_MAX_FRAME_BYTES));
    }
}
