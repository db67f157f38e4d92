package dev.tandem.system.fuzz;

import dev.tandem.protocol.SizeLimits;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the attacks aim at and report to: the gateway and snapshot service ports, the documents honest clients
 * edit, the gateway's frame limit F, how long a frame may wait for its answer, and the {@link Tally}.
 * Attackers' clientIds start with {@link #HOSTILE_PREFIX} (none of their edits may ever commit); clients that
 * send valid edits on purpose (a reused clientSeq needs a committed edit first) with {@link #EDGE_PREFIX}.
 */
final class FuzzTarget {
    static final String HOSTILE_PREFIX = "h-";
    static final String EDGE_PREFIX = "e-";
    static final String HOST = "127.0.0.1";

    final int gatewayPort;
    final int snapshotPort;
    final List<String> documents;
    final int maxFrameBytes;
    final Duration answerWindow;
    final Tally tally;
    private final AtomicLong ids = new AtomicLong();

    FuzzTarget(int gatewayPort, int snapshotPort, List<String> documents, int maxFrameBytes, Duration answerWindow,
               Tally tally) {
        this.gatewayPort = gatewayPort;
        this.snapshotPort = snapshotPort;
        this.documents = documents;
        this.maxFrameBytes = maxFrameBytes;
        this.answerWindow = answerWindow;
        this.tally = tally;
    }

    int hardFrameBytes() {
        return SizeLimits.hardFrameBytes(maxFrameBytes);
    }

    String anyDocument(Random random) {
        return documents.get(random.nextInt(documents.size()));
    }

    /** A fresh attacker clientId. */
    String hostileClientId() {
        return HOSTILE_PREFIX + ids.incrementAndGet();
    }

    /** A fresh clientId for a client whose valid edits may commit. */
    String edgeClientId() {
        return EDGE_PREFIX + ids.incrementAndGet();
    }

    /** A connection to {@code /ws/docs/{docId}}, not joined. */
    HostileConnection open(String docId, Random random) throws java.io.IOException {
        return new HostileConnection(this, RawWebSocket.connect(HOST, gatewayPort, "/ws/docs/" + docId, random));
    }

    /** A connection joined to {@code docId} as {@code clientId}; null (and a failure counted) if the join failed. */
    HostileConnection joined(String family, String docId, String clientId, Random random)
            throws java.io.IOException, InterruptedException {
        HostileConnection connection = open(docId, random);
        String join = Frames.join(docId, clientId);
        Outcome outcome = connection.exchange(join);
        if (!outcome.isReply("snapshot")) {
            tally.fail(family, "an honest join was not answered with a snapshot but " + outcome, join);
            connection.close();
            return null;
        }
        return connection;
    }
}
