package dev.tandem.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;

import dev.tandem.ot.CodePoints;
import dev.tandem.ot.Ot;
import dev.tandem.ot.OtClient;
import dev.tandem.ot.OtServer;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.TextEdit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Several simulated clients edit one document concurrently, each with ot-core's {@link OtClient} (one edit in
 * flight, later ones buffered), while their submissions reach the sequencer in one order and its revisions reach
 * them with random delays. The sequencer must commit exactly what ot-core's {@link OtServer} commits for the same
 * submissions, and every client must end with the server's text.
 */
class DocumentSequencerProperties {

    private static final Instant NOW = Instant.parse("2025-01-15T09:30:00Z");
    private static final String[] INSERTS = {"a", "b", "xy", "🌍", "é", "\n", " ", "z🌍z"};

    @Property(tries = 300, seed = "7301")
    void concurrentClientsConvergeOnTheTextOtServerCommits(@ForAll long seed,
                                                           @ForAll @IntRange(min = 2, max = 4) int clientCount,
                                                           @ForAll @IntRange(min = 1, max = 120) int steps) {
        Random random = new Random(seed);
        DocumentSequencer sequencer = new DocumentSequencer("doc", SequencerLimits.DEFAULTS);
        OtServer reference = new OtServer("");
        List<OpCommitted> log = new ArrayList<>();
        Queue<EditSubmitted> network = new ArrayDeque<>();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            clients.add(new Client("c" + i));
        }

        for (int step = 0; step < steps; step++) {
            int action = random.nextInt(3);
            Client client = clients.get(random.nextInt(clientCount));
            if (action == 0) {
                client.editLocally(random).ifPresent(network::add);
            } else if (action == 1 && !network.isEmpty()) {
                log.add(sequence(sequencer, reference, network.remove()));
            } else if (client.seen < log.size()) {
                client.receive(log.get(client.seen)).ifPresent(network::add);
            }
        }
        while (!network.isEmpty() || clients.stream().anyMatch(c -> c.seen < log.size())) {
            while (!network.isEmpty()) {
                log.add(sequence(sequencer, reference, network.remove()));
            }
            for (Client client : clients) {
                while (client.seen < log.size()) {
                    client.receive(log.get(client.seen)).ifPresent(network::add);
                }
            }
        }

        assertThat(sequencer.text()).isEqualTo(reference.document().toString());
        assertThat(sequencer.head()).isEqualTo(reference.revision());
        for (Client client : clients) {
            assertThat(client.text).as(client.id).isEqualTo(sequencer.text());
        }
    }

    private static OpCommitted sequence(DocumentSequencer sequencer, OtServer reference, EditSubmitted submitted) {
        SequencedEvent event = sequencer.submit(submitted, NOW);
        assertThat(event).isInstanceOf(OpCommitted.class);
        OpCommitted committed = (OpCommitted) event;
        TextOperation expected = reference.receive(submitted.baseRevision(), submitted.edit().operation());
        assertThat(committed.edit().operation()).isEqualTo(expected);
        assertThat(committed.revision()).isEqualTo(reference.revision());
        return committed;
    }

    /** A browser client: its text, its OT state, and how many revisions it has seen. */
    private static final class Client {
        final String id;
        final OtClient ot = new OtClient(0);
        String text = "";
        long clientSeq;
        int seen;

        Client(String id) {
            this.id = id;
        }

        Optional<EditSubmitted> editLocally(Random random) {
            int length = CodePoints.length(text);
            TextOperation op;
            if (length > 0 && random.nextInt(3) == 0) {
                int from = random.nextInt(length);
                op = TextOperation.delete(from, 1 + random.nextInt(Math.min(3, length - from)));
            } else {
                op = TextOperation.insert(random.nextInt(length + 1), INSERTS[random.nextInt(INSERTS.length)]);
            }
            text = Ot.apply(text, op);
            return ot.applyLocal(op).map(this::submit);
        }

        Optional<EditSubmitted> receive(OpCommitted committed) {
            seen++;
            if (committed.clientId().equals(id)) {
                return ot.serverAck().map(this::submit);
            }
            text = Ot.apply(text, ot.applyServer(committed.edit().operation()));
            return Optional.empty();
        }

        private EditSubmitted submit(TextOperation op) {
            return new EditSubmitted("doc", id, ++clientSeq, ot.revision(), new TextEdit(op), NOW, "Name");
        }
    }
}
