package dev.tandem.protocol;

import java.util.OptionalLong;

/**
 * A message or event that breaks the protocol, or a record built with invalid values. The message names the
 * field by its JSON path and says what was expected, in words a client developer can act on
 * ({@code submit.baseRevision must be >= 0, was -1}); it never carries parser internals. It is at most 1000
 * characters, with any unpaired surrogate of a quoted input replaced by U+FFFD.
 */
public class ProtocolException extends IllegalArgumentException {
    private final ErrorCode code;
    private final Long clientSeq;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    private ProtocolException(ErrorCode code, String message, Long clientSeq) {
        // the message may quote the offending input: keep it short and always encodable
        super(Check.message("message", message));
        this.code = code;
        this.clientSeq = clientSeq;
    }

    public ErrorCode code() {
        return code;
    }

    /** The clientSeq of the submit this error is about, when it was read before the error was found. */
    public OptionalLong clientSeq() {
        return clientSeq == null ? OptionalLong.empty() : OptionalLong.of(clientSeq);
    }

    /** This error for a field of {@code path}: the message gains the prefix {@code path.}. */
    public ProtocolException within(String path) {
        return new ProtocolException(code, path + "." + getMessage(), clientSeq);
    }

    /** This error, about the submit numbered {@code seq}. */
    public ProtocolException forClientSeq(long seq) {
        return new ProtocolException(code, getMessage(), seq);
    }
}
