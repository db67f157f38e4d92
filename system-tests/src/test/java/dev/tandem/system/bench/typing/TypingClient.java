package dev.tandem.system.bench.typing;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ServerMessage;
import dev.tandem.testsupport.ws.TandemTestClient;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated typist: a {@link TandemTestClient} on its own WebSocket, which keeps one op in flight and composes
 * the keystrokes typed meanwhile into the next (the protocol's client algorithm). Each keystroke's time goes on a
 * FIFO; a submit takes every keystroke waiting (the client composes them all into it), so the op's
 * {@code (clientId, clientSeq)} names exactly those keystrokes, as {@code src:seq} does in the ShareDB harness.
 */
final class TypingClient implements TandemTestClient.Observer {

    /** The ops of one document that some other typist of it has not applied yet, by {@code clientId:clientSeq}. */
    static final class Document {
        final int clients;
        final Map<String, SentOp> unseen = new ConcurrentHashMap<>();
        final AtomicLong acked = new AtomicLong();
        int initialLength;

        Document(int clients) {
            this.clients = clients;
        }
    }

    /** An op on the wire: the keystrokes in it (their typing times) and when it was sent. */
    record SentOp(long[] typedAt, long sentAt, AtomicInteger receivers) {
    }

    final TandemTestClient client;
    final Document document;
    private final TypingMeasurement measurement;
    private final Random random;
    long nextAt; // the schedule: only the keyboard's timer thread for this typist touches it

    // guarded by the client's lock (the observer is called under it)
    private final ArrayDeque<Long> unsent = new ArrayDeque<>();
    private final Map<Long, SentOp> inFlight = new HashMap<>();

    TypingClient(String gatewayWs, String docId, String name, Document document, TypingMeasurement measurement,
                 long seed) {
        this.document = document;
        this.measurement = measurement;
        this.random = new Random(seed);
        // with batches, as the web client joins
        this.client = TandemTestClient.of(gatewayWs, docId, name).withBatches().withoutMessageLog().observe(this);
    }

    /** One keystroke: {@code x} inserted at a uniformly random place of the text as this client has it now. */
    void type(long scheduledAt) {
        long now = System.nanoTime();
        if (measurement.inWindow(now)) {
            TypingMeasurement.record(measurement.timerLag, now - scheduledAt);
            measurement.typedInWindow.increment();
        }
        measurement.typed.increment();
        synchronized (client) {
            unsent.addLast(now);
            client.editWith(text -> TextOperation.insert(random.nextInt(text.length() + 1), "x")); // ASCII only
        }
    }

    @Override
    public void submitted(long clientSeq) {
        long now = System.nanoTime();
        long[] typedAt = unsent.stream().mapToLong(Long::longValue).toArray();
        unsent.clear();
        if (typedAt.length == 0) {
            measurement.sendUnmatched.increment();
        }
        if (measurement.inWindow(now)) {
            measurement.wireOpsInWindow.increment();
            measurement.keystrokesInWireOpsInWindow.add(typedAt.length);
        }
        SentOp op = new SentOp(typedAt, now, new AtomicInteger());
        inFlight.put(clientSeq, op);
        if (document.clients > 1) {
            document.unseen.put(client.clientId() + ":" + clientSeq, op);
        }
    }

    @Override
    public void received(ServerMessage message) {
        long now = System.nanoTime();
        if (message instanceof ServerMessage.Ack a) {
            SentOp op = inFlight.remove(a.clientSeq());
            if (op == null) {
                return;
            }
            document.acked.addAndGet(op.typedAt().length);
            if (measurement.inWindow(now)) {
                measurement.ackedInWindow.add(op.typedAt().length);
            }
            if (measurement.inWindow(op.sentAt())) {
                TypingMeasurement.record(measurement.ackWire, now - op.sentAt());
            }
            for (long typed : op.typedAt()) {
                if (measurement.inWindow(typed)) {
                    TypingMeasurement.record(measurement.ack, now - typed);
                }
            }
        } else if (message instanceof ServerMessage.Committed c) {
            String key = c.clientId() + ":" + c.clientSeq();
            SentOp op = document.unseen.get(key);
            if (op == null) {
                measurement.unknownOps.increment();
                return;
            }
            if (op.receivers().incrementAndGet() == document.clients - 1) {
                document.unseen.remove(key);
            }
            if (measurement.inWindow(op.sentAt())) {
                TypingMeasurement.record(measurement.fanoutWire, now - op.sentAt());
            }
            boolean arrivedInWindow = measurement.inWindow(now);
            for (long typed : op.typedAt()) {
                if (arrivedInWindow) {
                    measurement.fanoutReceiptsInWindow.increment();
                }
                if (measurement.inWindow(typed)) {
                    TypingMeasurement.record(measurement.fanout, now - typed);
                }
            }
        }
    }

    /** Nothing typed that is not acknowledged. */
    boolean idle() {
        synchronized (client) {
            return unsent.isEmpty() && inFlight.isEmpty() && !client.hasPending();
        }
    }
}
