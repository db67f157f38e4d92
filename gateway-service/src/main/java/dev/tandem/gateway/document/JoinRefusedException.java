package dev.tandem.gateway.document;

import dev.tandem.protocol.ErrorCode;

/** A join that cannot be served, with the protocol's error code for it. */
public final class JoinRefusedException extends RuntimeException {
    private final ErrorCode code;

    public JoinRefusedException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
