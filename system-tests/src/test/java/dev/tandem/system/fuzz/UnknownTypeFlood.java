package dev.tandem.system.fuzz;

import dev.tandem.protocol.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A flood of messages of unknown types, sent without waiting (issue 9): each alone earns a non-fatal
 * UNKNOWN_MESSAGE_TYPE, but the flood breaks the per-connection message rate (200 a second), so it must end in
 * RATE_LIMITED (and the close), not in an answer for each for ever.
 */
final class UnknownTypeFlood extends JoinedAttack {
    static final int FLOOD = 600;

    @Override
    public String name() {
        return "flood of unknown types";
    }

    @Override
    void attack(Random random, FuzzTarget target, HostileConnection connection) throws Exception {
        for (int i = 0; i < FLOOD; i++) {
            connection.send(RawWebSocket.TEXT, true,
                    ("{\"type\":\"x-" + random.nextInt(1000) + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        Outcome last = Outcome.silent();
        boolean rateLimited = false;
        for (int i = 0; i < FLOOD && connection.isOpen(); i++) {
            last = connection.await();
            target.tally.count(last.label());
            rateLimited |= last.isError(ErrorCode.RATE_LIMITED);
            if (last.kind() == Outcome.Kind.SILENT) {
                break;
            }
        }
        if (!rateLimited) {
            target.tally.fail(name(), "expected RATE_LIMITED for " + FLOOD + " unknown types at once, the"
                    + " last answer was " + last, FLOOD + " x {\"type\":\"x-...\"}");
        }
    }
}
