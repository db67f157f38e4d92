package dev.tandem.system.fuzz;

import dev.tandem.protocol.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One document flooded with joined connections: past the limit per document the next join is refused with
 * TOO_MANY_CONNECTIONS, which (issue 9) carries {@code retryAfterMs}, so clients back off instead of hammering.
 * Run once per fuzz run, on a document of its own, since it fills the document to its limit.
 */
final class ConnectionFlood implements AttackFamily {
    private final String docId;
    private final int perDocument;

    ConnectionFlood(String docId, int perDocument) {
        this.docId = docId;
        this.perDocument = perDocument;
    }

    @Override
    public String name() {
        return "connection flood";
    }

    @Override
    public void run(Random random, FuzzTarget target) throws Exception {
        List<HostileConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < perDocument; i++) {
                HostileConnection connection = target.joined(name(), docId, target.hostileClientId(), random);
                if (connection == null) {
                    return;
                }
                open.add(connection);
            }
            HostileConnection extra = target.open(docId, random);
            open.add(extra);
            String join = Frames.join(docId, target.hostileClientId());
            target.tally.expect(name(), "join number " + (perDocument + 1) + " of one document", extra.exchange(join),
                    o -> o.isError(ErrorCode.TOO_MANY_CONNECTIONS) && o.retryAfterMs() != null,
                    "TOO_MANY_CONNECTIONS with retryAfterMs");
        } finally {
            open.forEach(HostileConnection::close);
        }
    }
}
