package dev.tandem.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.testsupport.ws.TandemTestClient;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.ServerMessage;

/**
 * Joins while a document is edited hard, and while the snapshot service lags behind the log: the joiner's
 * snapshot at R is followed by every revision after R, once each, in order.
 */
class JoinDuringEditingIT {

    private static TandemSystem system;

    @BeforeAll
    static void system() {
        system = TandemSystem.get();
    }

    @Test
    void clientsJoiningDuringHeavyEditingSeeEveryRevisionOnce() {
        String docId = "busy-" + UUID.randomUUID();
        List<TandemTestClient> writers = writers(docId, 3);
        try (Typing typing = new Typing(writers)) {
            List<TandemTestClient> joiners = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int before = writers.get(0).revision();
                await().until(() -> writers.get(0).revision() >= before + 15); // mid-stream
                String gateway = TandemSystem.ws(i % 2 == 0 ? system.gateway2 : system.gateway1);
                joiners.add(TandemTestClient.of(gateway, docId, "joiner" + i).connect());
            }
            typing.stop();
            List<TandemTestClient> everyone = new ArrayList<>(writers);
            everyone.addAll(joiners);
            ReconnectIT.awaitSame(everyone.toArray(new TandemTestClient[0]));
            for (TandemTestClient joiner : joiners) {
                assertThat(joiner.received().get(0)).isInstanceOf(ServerMessage.Snapshot.class);
                assertThat(joiner.errors()).isEmpty();
            }
            ReconnectIT.assertExactlyOnce(docId, writers.toArray(new TandemTestClient[0]));
            everyone.forEach(TandemTestClient::close);
        }
    }

    /**
     * docs/protocol.md section 3: a client that joined with {@code batches} gets what is ready for it at once as
     * one array when the document is busy (and converges as any other); a client that did not, never gets one.
     */
    @Test
    void aBusyDocumentSendsBatchesOnlyToTheClientsThatTakeThem() {
        String docId = "batches-" + UUID.randomUUID();
        List<TandemTestClient> writers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            writers.add(TandemTestClient.of(TandemSystem.ws(system.gateway1), docId, "writer" + i).withBatches()
                    .connect());
        }
        TandemTestClient batched = TandemTestClient.of(TandemSystem.ws(system.gateway1), docId, "batched")
                .withBatches().connect();
        TandemTestClient single = TandemTestClient.of(TandemSystem.ws(system.gateway1), docId, "single").connect();
        List<TandemTestClient> everyone = new ArrayList<>(writers);
        everyone.add(batched);
        everyone.add(single);
        await().until(() -> everyone.stream().allMatch(TandemTestClient::isSynchronized));
        try (Typing typing = new Typing(writers)) {
            await().atMost(Duration.ofMinutes(2)).until(() -> batched.revision() >= 300);
            typing.stop();
            ReconnectIT.awaitSame(everyone.toArray(new TandemTestClient[0]));
            System.out.printf("batches IT: %d revisions; the batched client got %d text messages, %d of them "
                    + "batches; the other %d%n", batched.revision(), batched.framesReceived(),
                    batched.batchesReceived(), single.framesReceived());
            assertThat(batched.batchesReceived()).as("batches sent to the client that takes them").isPositive();
            assertThat(single.batchesReceived()).isZero();
            everyone.forEach(c -> assertThat(c.violations()).as(c.clientId()).isEmpty());
            ReconnectIT.assertExactlyOnce(docId, writers.toArray(new TandemTestClient[0]));
        } finally {
            everyone.forEach(TandemTestClient::close);
        }
    }

    @Test
    void aJoinWhileTheSnapshotServiceIsBehindWaitsForItAndMissesNothing() {
        String docId = "lagging-" + UUID.randomUUID();
        List<TandemTestClient> writers = writers(docId, 2);
        TandemTestClient joiner = null;
        try (Typing typing = new Typing(writers)) {
            await().until(() -> writers.get(0).revision() >= 30);
            system.snapshot.stop();
            try {
                // edits go on; gateway-2 keeps only 50 events per partition, so it needs the snapshot service
                int stoppedAt = writers.get(0).revision();
                await().atMost(Duration.ofSeconds(60)).until(() -> writers.get(0).revision() >= stoppedAt + 80);
                joiner = TandemTestClient.of(TandemSystem.ws(system.gateway2), docId, "late").connect();
            } finally {
                system.snapshot.start(); // catches up with the log from its committed offsets
            }
            TandemTestClient late = joiner;
            // the join waits (bounded) for the snapshot service; if that ran out, the client was told
            // UNAVAILABLE (recovery RESUME) and joins again
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                if (!late.isConnected() && !late.isJoined()) {
                    late.connect();
                }
                return late.isJoined();
            });
            typing.stop();
            List<TandemTestClient> everyone = new ArrayList<>(writers);
            everyone.add(late);
            ReconnectIT.awaitSame(everyone.toArray(new TandemTestClient[0]));
            assertThat(late.errors()).allMatch(e -> e.code() == ErrorCode.UNAVAILABLE);
            system.snapshot.awaitReady(Duration.ofMinutes(1));
            ReconnectIT.assertExactlyOnce(docId, writers.toArray(new TandemTestClient[0]));
        } finally {
            if (!system.snapshot.isAlive()) {
                system.snapshot.start();
            }
            system.snapshot.awaitReady(Duration.ofMinutes(1));
            writers.forEach(TandemTestClient::close);
            if (joiner != null) {
                joiner.close();
            }
        }
    }

    private static List<TandemTestClient> writers(String docId, int n) {
        List<TandemTestClient> writers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            writers.add(TandemTestClient.of(TandemSystem.ws(system.gateway1), docId, "writer" + i).connect());
        }
        await().until(() -> writers.stream().allMatch(TandemTestClient::isSynchronized));
        return writers;
    }

    /** Writers typing as fast as their acks come back, on a thread of their own, until stopped. */
    private static final class Typing implements AutoCloseable {
        private final AtomicBoolean on = new AtomicBoolean(true);
        private final Thread thread;

        Typing(List<TandemTestClient> writers) {
            Random random = new Random(7);
            thread = new Thread(() -> {
                long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
                while (on.get() && System.nanoTime() < deadline) {
                    for (TandemTestClient w : writers) {
                        if (!w.hasPending()) {
                            w.editWith(text -> {
                                int length = text.codePointCount(0, text.length());
                                return length > 60 && random.nextBoolean()
                                        ? TextOperation.delete(random.nextInt(length - 1), 1)
                                        : TextOperation.insert(random.nextInt(length + 1), "w");
                            });
                        }
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000); // typing pace
                }
            }, "typing");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            on.set(false);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stop();
        }
    }
}
