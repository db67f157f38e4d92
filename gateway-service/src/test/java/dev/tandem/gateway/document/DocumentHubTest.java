package dev.tandem.gateway.document;

import static dev.tandem.gateway.document.Ops.op;
import static dev.tandem.gateway.document.Ops.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.tandem.gateway.presence.PresenceTable;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.OpPage;

class DocumentHubTest {

    /** A snapshot service that has stored revisions 1..stored of document "d", pages of 3. */
    private static final class FakeSnapshots implements SnapshotSource {
        int stored;
        final AtomicInteger calls = new AtomicInteger();
        /** Calls after which one more revision is stored (a service catching up). */
        int catchUpEvery;

        @Override
        public Optional<DocumentState> head(String docId) {
            calls.incrementAndGet();
            if (stored == 0) {
                return Optional.empty();
            }
            return Optional.of(new DocumentState(docId, stored, stored, Ops.text(stored), "plaintext",
                    Instant.EPOCH, Instant.EPOCH));
        }

        @Override
        public Optional<OpPage> ops(String docId, int from) {
            if (catchUpEvery > 0 && calls.incrementAndGet() % catchUpEvery == 0) {
                stored++;
            }
            if (from > stored + 1) {
                return Optional.empty();
            }
            int to = Math.min(stored, from + 2);
            return Optional.of(new OpPage(docId, stored, range(docId, from, to), to < stored ? to + 1 : null));
        }
    }

    private static final class FakeProgress implements LogProgress {
        boolean folded = true;
        int caughtUpCalls;

        @Override
        public boolean snapshotHasFolded(int partition, long offset) {
            return folded;
        }

        @Override
        public boolean awaitConsumerCaughtUp(int partition, Instant deadline) {
            caughtUpCalls++;
            return true;
        }
    }

    private final FakeSnapshots snapshots = new FakeSnapshots();
    private final FakeProgress progress = new FakeProgress();
    private final OpsRouter router = new OpsRouter(new long[] {0}, 4, 5, docId -> 0);
    private final DocumentHub hub = new DocumentHub(router, snapshots, progress, new PresenceTable(), Runnable::run,
            Clock.systemUTC(), Duration.ofSeconds(2), 100);

    @Test
    void aDocumentWhoseWholeHistoryIsBufferedLoadsWithoutTheSnapshotService() {
        for (int r = 1; r <= 3; r++) {
            hub.onCommitted(0, r, op("d", r));
        }
        LiveDocument doc = hub.acquire("d", 10);
        assertThat(doc.head()).isEqualTo(3);
        assertThat(doc.text()).isEqualTo(Ops.text(3));
        assertThat(snapshots.calls).hasValue(0);
    }

    @Test
    void aDocumentOlderThanTheBufferStartsFromTheSnapshotServiceAndTheBufferedRun() {
        for (int r = 1; r <= 6; r++) { // the buffer holds 4: revisions 3..6
            hub.onCommitted(0, r, op("d", r));
        }
        snapshots.stored = 2;
        LiveDocument doc = hub.acquire("d", 10);
        assertThat(doc.head()).isEqualTo(6);
        assertThat(doc.text()).isEqualTo(Ops.text(6));
    }

    @Test
    void aSnapshotServiceThatHasNotCaughtUpWithTheBufferMakesTheJoinUnavailable() {
        for (int r = 1; r <= 6; r++) {
            hub.onCommitted(0, r, op("d", r));
        }
        progress.folded = false;
        assertThatThrownBy(() -> hub.acquire("d", 10)).isInstanceOfSatisfying(JoinRefusedException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        progress.folded = true; // a later join loads it anew
        snapshots.stored = 2;
        assertThat(hub.acquire("d", 10).head()).isEqualTo(6);
    }

    @Test
    void aGapIsFilledFromTheSnapshotServiceEvenWhileItCatchesUp() {
        snapshots.stored = 2;
        LiveDocument doc = hub.acquire("d", 10);
        RecordingSubscriber s = new RecordingSubscriber("me");
        hub.joinWithSnapshot(doc, s);
        snapshots.catchUpEvery = 2; // it has 2, the gateway sees 6: 3..5 come as it stores them
        hub.onCommitted(0, 6, op("d", 6));
        assertThat(s.events).containsExactly("snapshot 2", "committed 3", "committed 4", "committed 5",
                "committed 6");
    }

    @Test
    void resumesReplayHistoryOlderThanTheWindowThenTheWindow() {
        snapshots.stored = 12;
        LiveDocument doc = hub.acquire("d", 10);
        for (int r = 13; r <= 20; r++) { // window of 5: 16..20
            hub.onCommitted(0, r, op("d", r));
        }
        snapshots.stored = 20;
        RecordingSubscriber s = new RecordingSubscriber("me");
        hub.joinResumed(doc, s, 3);
        assertThat(s.events.get(0)).isEqualTo("resumed 3 20");
        assertThat(s.revisions).containsExactlyElementsOf(rangeOf(4, 20));
    }

    @Test
    void aResumeAheadOfTheDocumentCannotResumeOnceTheGatewayHasCaughtUp() {
        snapshots.stored = 4;
        LiveDocument doc = hub.acquire("d", 10);
        assertThatThrownBy(() -> hub.joinResumed(doc, new RecordingSubscriber("me"), 9))
                .isInstanceOfSatisfying(JoinRefusedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CANNOT_RESUME));
        assertThat(progress.caughtUpCalls).isEqualTo(1);
    }

    @Test
    void aResumeFurtherBehindThanTheReplayLimitCannotResume() {
        snapshots.stored = 150;
        LiveDocument doc = hub.acquire("d", 10);
        assertThatThrownBy(() -> hub.joinResumed(doc, new RecordingSubscriber("me"), 10))
                .isInstanceOfSatisfying(JoinRefusedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CANNOT_RESUME));
    }

    @Test
    void aDocumentTakesAtMostItsConnectionLimit() {
        hub.acquire("d", 2);
        hub.acquire("d", 2);
        assertThatThrownBy(() -> hub.acquire("d", 2)).isInstanceOfSatisfying(JoinRefusedException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_CONNECTIONS));
    }

    private static List<Integer> rangeOf(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int r = from; r <= to; r++) {
            out.add(r);
        }
        return out;
    }

}
