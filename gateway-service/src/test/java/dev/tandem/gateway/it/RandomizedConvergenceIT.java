package dev.tandem.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.testsupport.ws.TandemTestClient;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ErrorCode;

/**
 * Nine clients on two gateways and three documents type random edits at random speeds, drop their connections at
 * random and come back (to either gateway, resuming with their pending edits). At the end every client shows the
 * text PostgreSQL holds, every edit a client submitted was acknowledged once and committed once, and each
 * document's revisions are contiguous.
 */
class RandomizedConvergenceIT {

    private static final int DOCUMENTS = 3;
    private static final int CLIENTS_PER_DOCUMENT = 3;
    private static final int EDITS_PER_CLIENT = 1000;
    private static final String[] INSERTS = {"a", "bc", "🌍", "é", "\n", " ", "x🌍y", "{}", "ß"};

    private static TandemSystem system;

    @BeforeAll
    static void system() {
        system = TandemSystem.get();
    }

    @Test
    void randomEditsWithRandomDisconnectsConvergeOnEveryClientAndInTheDatabase() throws Exception {
        long seed = Long.getLong("tandem.it.seed", System.nanoTime());
        System.out.println("RandomizedConvergenceIT seed " + seed + " (-Dtandem.it.seed=" + seed + " repeats it)");
        Random seeds = new Random(seed);
        List<String> gateways = List.of(TandemSystem.ws(system.gateway1), TandemSystem.ws(system.gateway2));
        List<List<TandemTestClient>> documents = new ArrayList<>();
        List<TandemTestClient> all = new ArrayList<>();
        for (int d = 0; d < DOCUMENTS; d++) {
            String docId = "random-" + d + "-" + UUID.randomUUID();
            List<TandemTestClient> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS_PER_DOCUMENT; c++) {
                TandemTestClient client = TandemTestClient.of(gateways.get((d + c) % 2), docId, "user" + c).connect();
                clients.add(client);
                all.add(client);
            }
            documents.add(clients);
        }
        await().until(() -> all.stream().allMatch(TandemTestClient::isSynchronized));

        AtomicInteger localEdits = new AtomicInteger();
        AtomicInteger drops = new AtomicInteger();
        ExecutorService drivers = Executors.newFixedThreadPool(all.size());
        List<Future<?>> running = new ArrayList<>();
        for (TandemTestClient client : all) {
            Random random = new Random(seeds.nextLong());
            running.add(drivers.submit(() -> drive(client, random, gateways, localEdits, drops)));
        }
        for (Future<?> f : running) {
            f.get(5, TimeUnit.MINUTES);
        }
        drivers.shutdown();

        // everyone back, nothing pending, all at the same revision per document
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            for (TandemTestClient c : all) {
                if (!c.isConnected()) {
                    c.connect(); // a resume refused with a RESUME-recovery error (e.g. UNAVAILABLE): try again
                }
            }
            for (List<TandemTestClient> clients : documents) {
                for (TandemTestClient c : clients) {
                    if (!c.isSynchronized() || c.revision() != clients.get(0).revision()) {
                        return false;
                    }
                }
            }
            return true;
        });

        int revisions = 0;
        for (List<TandemTestClient> clients : documents) {
            ReconnectIT.assertExactlyOnce(clients.get(0).docId(), clients.toArray(new TandemTestClient[0]));
            for (TandemTestClient c : clients) {
                assertThat(c.text()).isEqualTo(clients.get(0).text());
                assertThat(c.violations()).as(c.clientId()).isEmpty();
                assertThat(c.errors()).as(c.clientId() + " errors")
                        .allMatch(e -> e.code().recovery() == ErrorCode.Recovery.RESUME
                                || e.code() == ErrorCode.ALREADY_COMMITTED); // a resend after resumed
            }
            revisions += clients.get(0).revision();
        }
        System.out.printf("RandomizedConvergenceIT: %d local edits, %d committed revisions, %d dropped connections%n",
                localEdits.get(), revisions, drops.get());
        assertThat(localEdits.get()).isEqualTo(DOCUMENTS * CLIENTS_PER_DOCUMENT * EDITS_PER_CLIENT);
        all.forEach(TandemTestClient::close);
    }

    private static void drive(TandemTestClient client, Random random, List<String> gateways, AtomicInteger edits,
                              AtomicInteger drops) {
        int slowest = 5 + random.nextInt(60); // each typist has a speed: fast ones compose, slow ones commit each edit
        for (int i = 0; i < EDITS_PER_CLIENT; i++) {
            client.editWith(text -> randomEdit(text, random));
            edits.incrementAndGet();
            if (random.nextInt(1000) < 8) {
                client.drop();
                drops.incrementAndGet();
                pause(random.nextInt(300));
                client.moveTo(gateways.get(random.nextInt(gateways.size()))).connect();
            } else if (!client.isConnected()) {
                client.connect(); // closed by the gateway with a RESUME error: come back
            }
            pause(random.nextInt(slowest)); // random typing speed
        }
    }

    /** An insert, or a delete while the text is long, at a random code point position. */
    private static TextOperation randomEdit(String text, Random random) {
        int length = text.codePointCount(0, text.length());
        if (length > 40 && random.nextInt(100) < 45) {
            int at = random.nextInt(length);
            return TextOperation.delete(at, 1 + random.nextInt(Math.min(5, length - at)));
        }
        return TextOperation.insert(random.nextInt(length + 1), INSERTS[random.nextInt(INSERTS.length)]);
    }

    /** The pace of a simulated typist (not a wait for a condition). */
    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
