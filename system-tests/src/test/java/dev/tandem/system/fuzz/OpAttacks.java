package dev.tandem.system.fuzz;

import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Well-formed submits that must still be refused: ops that do not fit the document (OP_DOES_NOT_FIT, decided by
 * the sequencer), a baseRevision ahead of what the connection was sent (BASE_REVISION_AHEAD), invalid op
 * components and invalid edits (INVALID_EDIT). Each must be answered by an error, never an ack.
 */
final class OpAttacks extends JoinedAttack {
    /** revision to a frame. */
    private static final List<IntFunction<String>> SUBMITS = List.of(
            rev -> Frames.submit(1, rev, "[999999999,\"x\"]"),
            rev -> Frames.submit(1, rev, "[{\"d\":999999999}]"),
            rev -> Frames.submit(1, rev, "[\"x\",2147483647,{\"d\":1}]"),
            rev -> Frames.submit(1, rev + 1000, "[\"x\"]"),
            rev -> Frames.submit(1, 2147483647, "[\"x\"]"),
            rev -> Frames.submit(1, rev, "[0,\"x\"]"),
            rev -> Frames.submit(1, rev, "[\"\",\"x\"]"),
            rev -> Frames.submit(1, rev, "[{\"d\":0},\"x\"]"),
            rev -> Frames.submit(1, rev, "[{\"d\":-1}]"),
            rev -> Frames.submit(1, rev, "[{\"e\":1},\"x\"]"),
            rev -> Frames.submit(1, rev, "[null,\"x\"]"),
            rev -> Frames.submit(1, rev, "[true,\"x\"]"),
            rev -> Frames.submit(1, rev, "[-3,\"x\"]"),
            rev -> Frames.submit(1, rev, "[{\"d\":\"\"}]"),
            rev -> Frames.submit(1, rev, "\"x\""),
            rev -> "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":" + rev
                    + ",\"edit\":{\"kind\":\"nope\",\"op\":[\"x\"]}}",
            rev -> "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":" + rev
                    + ",\"edit\":{\"kind\":\"language\",\"language\":\"NOT valid!\"}}",
            rev -> "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":" + rev
                    + ",\"edit\":{\"kind\":\"language\",\"language\":\"" + "a".repeat(33) + "\"}}",
            rev -> "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":" + rev
                    + ",\"edit\":{\"kind\":\"chat\",\"text\":\"   \"}}",
            rev -> "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":" + rev
                    + ",\"edit\":{\"kind\":\"chat\",\"text\":\"" + "c".repeat(4001) + "\"}}",
            rev -> "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":" + rev
                    + ",\"edit\":{\"kind\":\"chat\",\"text\":\"bell\\u0007\"}}",
            rev -> Frames.submit(2, rev, "[\"x\"]") + "\u0000");

    @Override
    public String name() {
        return "ops that must be refused";
    }

    @Override
    void attack(Random random, FuzzTarget target, HostileConnection connection) throws Exception {
        String frame = SUBMITS.get(random.nextInt(SUBMITS.size())).apply(connection.lastRevision());
        target.tally.expect(name(), frame, connection.exchange(frame),
                o -> o.kind() == Outcome.Kind.ERROR && o.answered(), "an error with a documented code");
    }
}
