package dev.tandem.system.fuzz;

import dev.tandem.protocol.ErrorCode;

import java.util.Random;

/**
 * Reused clientSeqs (issue 9): an edge client commits one edit, then resends clientSeq 1, on the same connection
 * or on a new one joined with {@code knownRevision}; with the same op that is the resend of an acknowledged edit
 * (non-fatal ALREADY_COMMITTED, the connection stays open), with a different op it is CLIENT_SEQ_REUSED. Neither
 * may commit, nor go unanswered.
 */
final class ClientSeqReuse implements AttackFamily {

    @Override
    public String name() {
        return "reused clientSeq";
    }

    @Override
    public void run(Random random, FuzzTarget target) throws Exception {
        String doc = target.anyDocument(random);
        String clientId = target.edgeClientId();
        String op = "[\"E\"]";
        int base;
        int committedAt;
        HostileConnection first = target.joined(name(), doc, clientId, random);
        if (first == null) {
            return;
        }
        try {
            base = first.lastRevision();
            String submit = Frames.submit(1, base, op);
            Outcome ack = first.exchange(submit);
            if (!target.tally.expect(name(), submit, ack, o -> o.isReply("ack"), "ack (a valid first edit)")) {
                return;
            }
            committedAt = first.lastRevision();
            boolean sameConnection = random.nextBoolean();
            boolean sameOp = random.nextBoolean();
            HostileConnection resend = first;
            if (!sameConnection) {
                resend = target.open(doc, random);
                String join = Frames.join(doc, clientId, committedAt);
                Outcome resumed = resend.exchange(join);
                if (!target.tally.expect(name(), join, resumed, o -> o.isReply("resumed"), "resumed")) {
                    resend.close();
                    return;
                }
            }
            try {
                String again = Frames.submit(1, base, sameOp ? op : "[\"F\"]");
                String what = (sameOp ? "the same op" : "another op") + " with clientSeq 1 again, on "
                        + (sameConnection ? "the same connection" : "a resumed connection") + ": " + again;
                Outcome outcome = resend.exchange(again);
                if (sameOp) {
                    if (target.tally.expect(name(), what, outcome,
                            o -> o.isError(ErrorCode.ALREADY_COMMITTED) && !o.fatal(), "non-fatal ALREADY_COMMITTED")) {
                        target.tally.expect(name(), "ping after ALREADY_COMMITTED", resend.exchange(Frames.PING),
                                o -> o.isReply("pong"), "pong (the connection stays open)");
                    }
                } else {
                    target.tally.expect(name(), what, outcome, o -> o.isError(ErrorCode.CLIENT_SEQ_REUSED),
                            "error CLIENT_SEQ_REUSED");
                }
            } finally {
                resend.close();
            }
        } finally {
            first.close();
        }
    }
}
