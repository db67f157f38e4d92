package dev.tandem.gateway.session;

import dev.tandem.protocol.ErrorCode;

/**
 * What a connection may send before its frames are even decoded (docs/protocol.md, section 12): every frame,
 * valid or not, takes a token of the message limit; a frame longer than the frame limit is MESSAGE_TOO_LARGE;
 * and the non-fatal errors it causes (UNKNOWN_MESSAGE_TYPE, ALREADY_COMMITTED) have a small budget of their own,
 * so a flood of unknown messages cannot keep the gateway answering one by one. Not thread-safe: used under the
 * session's lock.
 */
final class FrameAdmission {

    private final SessionLimits limits;
    private final TokenBucket messages;
    private final TokenBucket nonFatalErrors;

    FrameAdmission(SessionLimits limits, long nowNanos) {
        this.limits = limits;
        this.messages = new TokenBucket(limits.messagesPerSecond(), limits.messagesPerSecond(), nowNanos);
        this.nonFatalErrors = new TokenBucket(limits.nonFatalErrors() * 1000.0 / limits.nonFatalErrorPeriodMillis(),
                limits.nonFatalErrors(), nowNanos);
    }

    /** Null if the frame may be decoded, else the fatal refusal. */
    Refusal admit(String frame, long nowNanos) {
        if (!messages.tryTake(nowNanos)) {
            return Refusal.of(ErrorCode.RATE_LIMITED, "more than " + limits.messagesPerSecond()
                    + " messages per second on this connection").retryAfter(limits.rateLimitedRetryAfterMillis());
        }
        int bytes = utf8Length(frame, limits.maxFrameBytes());
        if (bytes > limits.maxFrameBytes()) {
            return Refusal.of(ErrorCode.MESSAGE_TOO_LARGE, "message is " + bytes
                    + " bytes, more than the maximum of " + limits.maxFrameBytes());
        }
        return null;
    }

    /** Null if one more non-fatal error may be sent, else the fatal RATE_LIMITED that replaces it. */
    Refusal spendNonFatalError(ErrorCode code, long nowNanos) {
        if (nonFatalErrors.tryTake(nowNanos)) {
            return null;
        }
        return Refusal.of(ErrorCode.RATE_LIMITED, "more than " + limits.nonFatalErrors() + " errors ("
                + code + " and the like) in " + limits.nonFatalErrorPeriodMillis() + " ms on this connection")
                .retryAfter(limits.rateLimitedRetryAfterMillis());
    }

    /** UTF-8 length of {@code s}, counted only as far as needed to know whether it exceeds {@code max}. */
    static int utf8Length(String s, int max) {
        if ((long) s.length() * 3 <= max) {
            return s.length(); // a lower bound that is enough to say "within the limit"
        }
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
