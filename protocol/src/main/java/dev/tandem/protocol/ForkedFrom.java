package dev.tandem.protocol;

/**
 * Where a forked document came from: the document it was forked from, and the revision of that document whose
 * text and language are the fork's revision 1. {@code docId} is the origin's <em>read-only</em> id when it has
 * one (every id {@code POST /api/docs} made), so a fork's link, shared, never hands out the right to edit its
 * origin; an id with no read-only id (a name the deployment did not make) is named as it is.
 */
public record ForkedFrom(String docId, int revision) {
    public ForkedFrom {
        Check.required(ErrorCode.INVALID_EDIT, "docId", docId);
        try {
            Check.id("docId", docId);
        } catch (ProtocolException e) {
            throw new ProtocolException(ErrorCode.INVALID_EDIT, e.getMessage());
        }
        if (revision < 0) {
            throw new ProtocolException(ErrorCode.INVALID_EDIT, "revision must be >= 0, was " + revision);
        }
    }
}
