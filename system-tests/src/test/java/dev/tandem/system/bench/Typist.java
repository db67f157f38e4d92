package dev.tandem.system.bench;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ServerMessage;
import dev.tandem.testsupport.ws.TandemTestClient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One simulated person at a document: a {@link TandemTestClient} over a real WebSocket, typing single keystrokes,
 * and the times (System.nanoTime, in this JVM) at which each of its submits left and each revision arrived.
 * Every typist lives in the benchmark JVM, so one typist's submit time and another's arrival time are comparable.
 */
final class Typist implements TandemTestClient.Observer {
    private static final String KEYS = "abcdefghijklmnopqrstuvwxyz  (){};=.\n";
    /** Documents stay about this long: beyond it a typist deletes instead of inserting. */
    private static final int MAX_LENGTH = 2_000;

    final TandemTestClient client;
    final String docId;
    final int gateway;
    private final Random random;
    private final Semaphore acks = new Semaphore(0);

    // guarded by the client's lock (the observer is called under it)
    private final Map<Long, Long> submittedAt = new HashMap<>();
    private final List<long[]> acked = new ArrayList<>(); // {revision, submitNanos, ackNanos}
    private long[] arrivedAt = new long[4096];             // by revision: when it was applied here
    private int keystrokes;

    Typist(String gatewayWsBase, int gateway, String docId, String name, long seed) {
        this.docId = docId;
        this.gateway = gateway;
        this.random = new Random(seed);
        this.client = TandemTestClient.of(gatewayWsBase, docId, name).withoutMessageLog().observe(this);
    }

    /** One keystroke: a character inserted at a random place, or (one in seven, or when long) one deleted. */
    void type() {
        client.editWith(text -> {
            keystrokes++;
            int length = text.codePointCount(0, text.length());
            if (length > 0 && (length >= MAX_LENGTH || random.nextInt(7) == 0)) {
                return TextOperation.delete(random.nextInt(length), 1);
            }
            String key = String.valueOf(KEYS.charAt(random.nextInt(KEYS.length())));
            return TextOperation.insert(random.nextInt(length + 1), key);
        });
    }

    /** Types one keystroke and waits for its ack (the saturating load: as fast as acks come back). */
    boolean typeAndAwaitAck() throws InterruptedException {
        acks.drainPermits();
        type();
        return acks.tryAcquire(10, TimeUnit.SECONDS);
    }

    @Override
    public void submitted(long clientSeq) {
        submittedAt.put(clientSeq, System.nanoTime());
    }

    @Override
    public void received(ServerMessage message) {
        long now = System.nanoTime();
        if (message instanceof ServerMessage.Ack a) {
            Long sent = submittedAt.remove(a.clientSeq());
            if (sent != null) {
                acked.add(new long[] {a.revision(), sent, now});
            }
            arrived(a.revision(), now);
            acks.release();
        } else if (message instanceof ServerMessage.Committed c) {
            arrived(c.revision(), now);
        }
    }

    private void arrived(int revision, long now) {
        if (revision >= arrivedAt.length) {
            arrivedAt = Arrays.copyOf(arrivedAt, Math.max(revision + 1, arrivedAt.length * 2));
        }
        arrivedAt[revision] = now;
    }

    /** This typist's acknowledged submits: {revision, submit nanos, ack nanos}. */
    List<long[]> acked() {
        synchronized (client) {
            return List.copyOf(acked);
        }
    }

    /** When {@code revision} was applied here (its ack or its committed message), 0 if it never was. */
    long arrivedAt(int revision) {
        synchronized (client) {
            return revision < arrivedAt.length ? arrivedAt[revision] : 0;
        }
    }

    int keystrokes() {
        synchronized (client) {
            return keystrokes;
        }
    }
}
