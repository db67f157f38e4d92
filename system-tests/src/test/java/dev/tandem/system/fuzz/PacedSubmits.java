package dev.tandem.system.fuzz;

import dev.tandem.protocol.ErrorCode;

import java.util.Random;

/**
 * An edge client that submits as fast as its acks come back, past the per-connection submit rate (HostileInputIT
 * lowers it to 10 a second, burst 10, so that a closed loop exceeds it on any machine). Issue 9: such submits are
 * paced by the gateway, not refused: every one is acknowledged, none gets RATE_LIMITED. Its edits commit (insertions of {@code p} at the start), which honest clients must absorb.
 */
final class PacedSubmits extends JoinedAttack {
    static final int SUBMITS = 160;

    @Override
    public String name() {
        return "submits faster than the rate";
    }

    @Override
    boolean edge() {
        return true;
    }

    @Override
    void attack(Random random, FuzzTarget target, HostileConnection connection) throws Exception {
        for (int seq = 1; seq <= SUBMITS; seq++) {
            String submit = Frames.submit(seq, connection.lastRevision(), "[\"p\"]");
            Outcome outcome = connection.exchange(submit);
            if (!target.tally.expect(name(), "submit " + seq + " of " + SUBMITS + " in a closed loop", outcome,
                    o -> o.isReply("ack") && !o.isError(ErrorCode.RATE_LIMITED), "ack (paced, not RATE_LIMITED)")) {
                return;
            }
        }
    }
}
