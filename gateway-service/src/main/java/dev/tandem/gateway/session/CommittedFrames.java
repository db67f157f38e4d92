package dev.tandem.gateway.session;

import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.ServerMessage;
import dev.tandem.protocol.TandemJson;

/**
 * The {@code committed} frame of an op, encoded once however many sessions it goes to: a document's fan-out hands
 * the same op to each of its sessions in turn, on one thread, so the last op each thread encoded is kept (by
 * identity) and its frame reused. With C people on a document, each op was encoded C - 1 times before.
 */
final class CommittedFrames {

    private static final TandemJson JSON = TandemJson.shared();
    private static final ThreadLocal<CommittedFrames> LAST = ThreadLocal.withInitial(CommittedFrames::new);

    private OpCommitted op;
    private String frame;

    private CommittedFrames() {
    }

    static String of(OpCommitted op) {
        CommittedFrames last = LAST.get();
        if (last.op != op) {
            last.frame = JSON.encode(ServerMessage.Committed.of(op));
            last.op = op;
        }
        return last.frame;
    }
}
