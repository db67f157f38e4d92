package dev.tandem.ot.sim;

import dev.tandem.ot.CodePoints;
import dev.tandem.ot.Ot;
import dev.tandem.ot.OtClient;
import dev.tandem.ot.OtServer;
import dev.tandem.ot.TextOperation;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * One server and N clients joined by a simulated network: every message is delivered after a random delay, in
 * order per direction and client (as over one WebSocket), interleaved at random across clients. Drive it by
 * hand ({@link #localEdit}, {@link #deliverNext}) or with {@link #runRandom}, then {@link #quiesce} and compare.
 */
public final class Simulation {
    private final OtServer server;
    private final List<Peer> peers = new ArrayList<>();
    private final PriorityQueue<Delivery> network = new PriorityQueue<>();
    private final Random random;
    private long now;
    private long sequence;

    public Simulation(String initialText, int clients, long seed) {
        this.server = new OtServer(initialText);
        this.random = new Random(seed);
        for (int i = 0; i < clients; i++) {
            peers.add(new Peer(i, initialText));
        }
    }

    public OtServer server() {
        return server;
    }

    public String text(int client) {
        return peers.get(client).text;
    }

    public OtClient client(int client) {
        return peers.get(client).ot;
    }

    /** Client {@code client} types {@code op} into its editor; it is sent now if nothing is in flight. */
    public void localEdit(int client, TextOperation op) {
        Peer p = peers.get(client);
        p.text = Ot.apply(p.text, op);
        p.ot.applyLocal(op).ifPresent(sent -> send(p, sent));
    }

    /** Delivers every message in flight, and everything sent in response, until the network is empty. */
    public void quiesce() {
        while (deliverNext()) {
            // keep delivering
        }
    }

    /** Delivers the message due soonest; false if none is in flight. */
    public boolean deliverNext() {
        Delivery d = network.poll();
        if (d == null) {
            return false;
        }
        now = Math.max(now, d.at);
        d.action.run();
        return true;
    }

    /** {@code steps} random actions: a client edits its text, or the network delivers a message. */
    public void runRandom(int steps) {
        for (int i = 0; i < steps; i++) {
            if (network.isEmpty() || random.nextInt(3) == 0) {
                Peer p = peers.get(random.nextInt(peers.size()));
                localEdit(p.id, randomEdit(p.text));
            } else {
                deliverNext();
            }
        }
    }

    private TextOperation randomEdit(String text) {
        int length = CodePoints.length(text);
        int position = random.nextInt(length + 1);
        TextOperation.Builder b = TextOperation.builder().retain(position);
        int kind = random.nextInt(4);
        if (kind == 0 && position < length) {
            b.delete(1 + random.nextInt(Math.min(3, length - position)));
        } else if (kind == 1 && position < length) {
            b.delete(1).insert(randomText());
        } else {
            b.insert(randomText());
        }
        return b.build();
    }

    private String randomText() {
        String[] pieces = {"a", "b", "\n", "😀", "é", "中", "𝄞", "  "};
        StringBuilder sb = new StringBuilder();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            sb.append(pieces[random.nextInt(pieces.length)]);
        }
        return sb.toString();
    }

    private void send(Peer from, TextOperation op) {
        int base = from.ot.revision();
        schedule(from.upstream, () -> {
            TextOperation committed = server.receive(base, op);
            for (Peer p : peers) {
                if (p == from) {
                    schedule(p.downstream, () -> p.ot.serverAck().ifPresent(next -> send(p, next)));
                } else {
                    schedule(p.downstream, () -> p.text = Ot.apply(p.text, p.ot.applyServer(committed)));
                }
            }
        });
    }

    /** Delivery after a random delay, but never before what this channel sent earlier (one ordered socket). */
    private void schedule(Channel channel, Runnable action) {
        long at = Math.max(now + 1 + random.nextInt(50), channel.lastDelivery + 1);
        channel.lastDelivery = at;
        network.add(new Delivery(at, sequence++, action));
    }

    private static final class Peer {
        final int id;
        final OtClient ot = new OtClient(0);
        final Channel upstream = new Channel();
        final Channel downstream = new Channel();
        String text;

        Peer(int id, String text) {
            this.id = id;
            this.text = text;
        }
    }

    private static final class Channel {
        long lastDelivery;
    }

    private record Delivery(long at, long sequence, Runnable action) implements Comparable<Delivery> {
        @Override
        public int compareTo(Delivery o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(sequence, o.sequence);
        }
    }
}
