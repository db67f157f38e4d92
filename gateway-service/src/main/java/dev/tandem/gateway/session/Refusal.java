package dev.tandem.gateway.session;

import java.util.OptionalLong;

import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.ServerMessage;

/** A decision to answer a client with an error: its code, message, the submit it is about, the wait it asks for. */
record Refusal(ErrorCode code, String message, OptionalLong clientSeq, OptionalLong retryAfterMs) {

    static Refusal of(ErrorCode code, String message) {
        return new Refusal(code, message, OptionalLong.empty(), OptionalLong.empty());
    }

    static Refusal of(ErrorCode code, String message, long clientSeq) {
        return new Refusal(code, message, OptionalLong.of(clientSeq), OptionalLong.empty());
    }

    Refusal retryAfter(long millis) {
        return new Refusal(code, message, clientSeq, OptionalLong.of(millis));
    }

    /** The WebSocket close code after this error (docs/protocol.md, section 3). */
    int closeCode() {
        return closeCode(code);
    }

    /** Close codes of docs/protocol.md, section 3. */
    static int closeCode(ErrorCode code) {
        switch (code) {
            case INTERNAL_ERROR:
                return 1011;
            case UNAVAILABLE:
            case RATE_LIMITED:
            case TOO_MANY_CONNECTIONS:
                return 1013;
            default:
                return 1008;
        }
    }

    ServerMessage.Error toError() {
        return new ServerMessage.Error(code, message, clientSeq, code.fatal(), retryAfterMs);
    }
}
