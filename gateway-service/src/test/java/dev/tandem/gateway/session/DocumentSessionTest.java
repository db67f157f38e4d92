package dev.tandem.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.tandem.gateway.document.DocumentHub;
import dev.tandem.gateway.document.LogProgress;
import dev.tandem.gateway.document.OpsRouter;
import dev.tandem.gateway.document.SnapshotSource;
import dev.tandem.gateway.ids.ReadOnlyIds;
import dev.tandem.gateway.presence.PresenceTable;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.PresenceUpdate;
import dev.tandem.protocol.ServerMessage;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.OpPage;

/** The gateway's per-connection rules, without sockets or Kafka. */
class DocumentSessionTest {

    private static final TandemJson JSON = TandemJson.shared();
    private static final String JOIN =
            "{\"type\":\"join\",\"docId\":\"d\",\"clientId\":\"me\",\"name\":\"Me\",\"color\":\"#000000\"}";

    private final List<EditSubmitted> published = new ArrayList<>();
    private final FakeOut out = new FakeOut();
    private final DocumentHub hub = new DocumentHub(new OpsRouter(new long[] {0}, 100, 100, id -> 0),
            new NoSnapshots(), new Folded(), new PresenceTable(), Runnable::run, Clock.systemUTC(),
            Duration.ofSeconds(1), 100);
    private final DocumentSession session = new DocumentSession("s-1", "d", out, new Env());

    @Test
    void aSubmitIsPublishedAndItsAckSettlesIt() {
        session.onText(JOIN);
        session.onText(submit(1, 0, "a"));
        assertThat(published).extracting(EditSubmitted::clientSeq).containsExactly(1L);
        hub.onCommitted(0, 1, committed(1, "me", 1));
        session.onText(submit(2, 1, "b"));
        assertThat(published).extracting(EditSubmitted::clientSeq).containsExactly(1L, 2L);
        assertThat(out.messages()).extracting(ServerMessage::type).containsExactly("snapshot", "ack");
    }

    @Test
    void aResendOfAnEditAlreadyAcknowledgedOnThisConnectionIsSettledWithoutPublishing() {
        hub.onCommitted(0, 1, committed(1, "me", 1)); // committed before the connection dropped
        session.onText("{\"type\":\"join\",\"docId\":\"d\",\"clientId\":\"me\",\"name\":\"Me\",\"color\":\"#000000\","
                + "\"knownRevision\":0}");
        session.onText(submit(1, 0, "a")); // the client resends before it has read the replayed ack
        session.onText(submit(2, 1, "b"));
        assertThat(published).extracting(EditSubmitted::clientSeq).containsExactly(2L);
        assertThat(out.messages()).extracting(ServerMessage::type).containsExactly("resumed", "ack");
        assertThat(out.closedWith).isNull();
    }

    @Test
    void aSecondSubmitInFlightIsRefused() {
        session.onText(JOIN);
        session.onText(submit(1, 0, "a"));
        session.onText(submit(2, 0, "b"));
        assertThat(lastError().code()).isEqualTo(ErrorCode.EDIT_IN_FLIGHT);
        assertThat(lastError().clientSeq()).hasValue(2);
        assertThat(out.closedWith).isEqualTo(1008);
    }

    @Test
    void skippingAClientSeqIsRefused() {
        session.onText(JOIN);
        session.onText(submit(1, 0, "a"));
        hub.onCommitted(0, 1, committed(1, "me", 1));
        session.onText(submit(3, 1, "b"));
        assertThat(lastError().code()).isEqualTo(ErrorCode.CLIENT_SEQ_OUT_OF_ORDER);
    }

    @Test
    void aBaseRevisionAheadOfWhatWasDeliveredIsRefused() {
        session.onText(JOIN);
        session.onText(submit(1, 4, "a"));
        assertThat(lastError().code()).isEqualTo(ErrorCode.BASE_REVISION_AHEAD);
        assertThat(published).isEmpty();
    }

    @Test
    void aRejectionOfTheEditInFlightIsFatalForItsConnection() {
        session.onText(JOIN);
        session.onText(submit(1, 0, "a"));
        hub.onRejected(new dev.tandem.protocol.EditRejected("d", "me", 1, ErrorCode.OP_DOES_NOT_FIT, "too far"));
        assertThat(lastError().code()).isEqualTo(ErrorCode.OP_DOES_NOT_FIT);
        assertThat(lastError().clientSeq()).hasValue(1);
    }

    @Test
    void unknownTypesAreReportedAndPingsAnswered() {
        session.onText("{\"type\":\"subscribe\"}");
        session.onText("{\"type\":\"ping\"}");
        assertThat(out.messages()).extracting(ServerMessage::type).containsExactly("error", "pong");
        assertThat(out.closedWith).isNull();
    }

    private ServerMessage.Error lastError() {
        List<ServerMessage> messages = out.messages();
        return (ServerMessage.Error) messages.get(messages.size() - 1);
    }

    private static String submit(long seq, int base, String insert) {
        return JSON.encode(new dev.tandem.protocol.ClientMessage.Submit(seq, base,
                new TextEdit(TextOperation.insert(0, insert))));
    }

    private static OpCommitted committed(int revision, String clientId, long seq) {
        return new OpCommitted("d", revision, clientId, seq, new TextEdit(TextOperation.insert(0, "a")),
                Instant.EPOCH, "Me");
    }

    private static final class FakeOut implements Outbound {
        final List<String> sent = new ArrayList<>();
        Integer closedWith;

        @Override
        public void send(String text) {
            sent.add(text);
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }

        @Override
        public int pendingSends() {
            return 0;
        }

        List<ServerMessage> messages() {
            return sent.stream().map(JSON::decodeServerMessage).toList();
        }
    }

    private final class Env implements SessionEnvironment {
        @Override
        public DocumentHub hub() {
            return hub;
        }

        @Override
        public SessionLimits limits() {
            return new SessionLimits(1 << 20, 1000, 50, 100, 200, 20, 100, 1000, 10_000, 60_000);
        }

        @Override
        public Optional<ReadOnlyIds.Address> resolve(String docId) {
            return Optional.of(new ReadOnlyIds.Address(docId, false));
        }

        @Override
        public void publishEdit(EditSubmitted edit, Consumer<Throwable> onFailure) {
            published.add(edit);
        }

        @Override
        public void publishPresence(PresenceUpdate update) {
        }

        @Override
        public void schedule(Duration delay, Runnable task) {
            task.run();
        }

        @Override
        public void recordAckLatency(long nanos) {
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }

    private static final class NoSnapshots implements SnapshotSource {
        @Override
        public Optional<DocumentState> head(String docId) {
            return Optional.empty();
        }

        @Override
        public Optional<OpPage> ops(String docId, int from) {
            return Optional.empty();
        }
    }

    private static final class Folded implements LogProgress {
        @Override
        public boolean snapshotHasFolded(int partition, long offset) {
            return true;
        }

        @Override
        public boolean awaitConsumerCaughtUp(int partition, Instant deadline) {
            return true;
        }
    }
}
