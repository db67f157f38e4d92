package dev.tandem.system.fuzz;

import dev.tandem.protocol.ErrorCode;

import java.util.Arrays;
import java.util.Set;

/**
 * What answered one hostile frame within the answer window: an {@code error}, a normal reply (its {@code type}),
 * a close frame, the TCP connection ending without one, or nothing at all (a silent wait).
 *
 * @param code the error code, the reply's type, or the close code
 * @param closeCode after a fatal error, the code of the close that followed it (null when none came)
 */
record Outcome(Kind kind, String code, boolean fatal, Long retryAfterMs, Integer closeCode) {

    /** The close codes docs/protocol.md allows a gateway (section 3, and 1007/1009 for the frame itself). */
    static final Set<Integer> DOCUMENTED_CLOSE_CODES = Set.of(1007, 1008, 1009, 1011, 1013);

    enum Kind { ERROR, REPLY, CLOSE, ENDED, SILENT }

    static Outcome error(String code, boolean fatal, Long retryAfterMs) {
        return new Outcome(Kind.ERROR, code, fatal, retryAfterMs, null);
    }

    static Outcome reply(String type) {
        return new Outcome(Kind.REPLY, type, false, null, null);
    }

    static Outcome close(int code) {
        return new Outcome(Kind.CLOSE, Integer.toString(code), true, null, code);
    }

    static Outcome ended() {
        return new Outcome(Kind.ENDED, "", true, null, null);
    }

    static Outcome silent() {
        return new Outcome(Kind.SILENT, "", false, null, null);
    }

    /** The same fatal error, with the close code that followed it. */
    Outcome closedWith(int code) {
        return new Outcome(kind, this.code, fatal, retryAfterMs, code);
    }

    /** Closed with {@code expected}: by a bare close, or by the close after a fatal error. */
    boolean closedBy(int expected) {
        return closeCode != null && closeCode == expected;
    }

    boolean isError(ErrorCode expected) {
        return kind == Kind.ERROR && code.equals(expected.name());
    }

    boolean isClose(int expected) {
        return kind == Kind.CLOSE && code.equals(Integer.toString(expected));
    }

    boolean isReply(String type) {
        return kind == Kind.REPLY && code.equals(type);
    }

    /** An error whose code docs/protocol.md lists, or a close with a documented code: never a silent wait. */
    boolean answered() {
        return switch (kind) {
            case ERROR -> Arrays.stream(ErrorCode.values()).anyMatch(c -> c.name().equals(code));
            case CLOSE -> DOCUMENTED_CLOSE_CODES.contains(Integer.parseInt(code));
            case REPLY -> true;
            case ENDED, SILENT -> false;
        };
    }

    /** How it is counted: {@code error MESSAGE_TOO_LARGE}, {@code close 1009}, {@code reply pong}, {@code silent}. */
    String label() {
        return switch (kind) {
            case ERROR -> "error " + code + (closeCode == null ? "" : ", close " + closeCode);
            case REPLY -> "reply " + code;
            case CLOSE -> "close " + code;
            case ENDED -> "connection ended without a close frame";
            case SILENT -> "silent";
        };
    }

    @Override
    public String toString() {
        return label() + (retryAfterMs != null ? " (retryAfterMs " + retryAfterMs + ")" : "");
    }
}
