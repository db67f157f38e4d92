package dev.tandem.system.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tandem.protocol.ServerMessage;
import dev.tandem.testsupport.load.ClientReport;
import dev.tandem.testsupport.load.EditLoad;
import dev.tandem.testsupport.ws.TandemTestClient;

/**
 * People typing into one document through the gateway over real WebSockets, each on a thread of its own, until
 * told to stop; one whose gateway went away reconnects (its client resends the edit in flight with the same
 * clientSeq). Records when each ack arrived, so a fault test sees how long the edge stalled.
 */
final class WebSocketTypists implements AutoCloseable {

    private final List<TandemTestClient> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Long> ackTimes = new CopyOnWriteArrayList<>();
    private volatile boolean typing = true;

    WebSocketTypists(String gatewayWs, String docId, int people, long seed) {
        Random seeds = new Random(seed);
        for (int i = 0; i < people; i++) {
            TandemTestClient client = TandemTestClient.of(gatewayWs, docId, "Typist " + i).withoutMessageLog()
                    .observe(new TandemTestClient.Observer() {
                        @Override
                        public void received(ServerMessage message) {
                            if (message instanceof ServerMessage.Ack) {
                                ackTimes.add(System.nanoTime());
                            }
                        }
                    });
            clients.add(client);
            Random random = new Random(seeds.nextLong());
            Thread thread = new Thread(() -> type(client, random), "typist-" + docId + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    WebSocketTypists start() {
        clients.forEach(TandemTestClient::connect);
        threads.forEach(Thread::start);
        return this;
    }

    private void type(TandemTestClient client, Random random) {
        while (typing) {
            if (!client.isConnected()) {
                reconnect(client);
            } else if (client.isJoined()) {
                client.editWith(text -> EditLoad.randomEdit(text, random));
            }
            pause(30 + random.nextInt(90));
        }
    }

    /** Stops typing; the clients then still reconnect if they must, until {@link #isSettled()}. */
    void stopTyping() {
        typing = false;
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Every client is connected, joined and has no edit unacknowledged (reconnecting one that is not connected). */
    boolean isSettled() {
        boolean settled = true;
        for (TandemTestClient client : clients) {
            if (!client.isConnected()) {
                reconnect(client);
                settled = false;
            } else {
                settled &= client.isJoined() && client.isSynchronized();
            }
        }
        return settled;
    }

    /** When ({@link System#nanoTime}) each ack arrived, in order. */
    List<Long> ackTimes() {
        return List.copyOf(ackTimes);
    }

    /** Each client's outcome, for LogInvariants: what it submitted, its text and revision, what it saw go wrong. */
    List<ClientReport> reports() {
        return clients.stream().map(c -> new ClientReport(c.docId(), c.clientId(), new TreeSet<>(c.submitted()),
                c.text(), c.revision(), List.copyOf(c.violations()), 0, 0)).toList();
    }

    List<TandemTestClient> clients() {
        return clients;
    }

    @Override
    public void close() {
        typing = false;
        clients.forEach(TandemTestClient::close);
    }

    private static void reconnect(TandemTestClient client) {
        try {
            client.connect();
        } catch (RuntimeException e) {
            // the gateway is not back yet: try again on the next round
        }
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis); // a person's pace between keystrokes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
