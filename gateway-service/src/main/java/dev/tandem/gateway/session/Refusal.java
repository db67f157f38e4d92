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

    ServerMessage.Error toError() {
        return new ServerMessage.Error(code, message, clientSeq, code.fatal(), retryAfterMs);
    }
}
