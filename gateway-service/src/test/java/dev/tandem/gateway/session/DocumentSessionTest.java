package dev.tandem.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.PresenceUpdate;
import dev.tandem.protocol.ServerMessage;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.Viewport;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.OpPage;

/** The gateway's per-connection rules, without sockets or Kafka. */
class DocumentSessionTest {

    private static final TandemJson JSON = TandemJson.shared();
    private static final long START = 1_000_000_000_000L;
    private static final String RESUME_AT_0 = "{\"type\":\"join\",\"docId\":\"d\",\"clientId\":\"me\",\"name\":\"Me\","
            + "\"color\":\"#000000\",\"knownRevision\":0}";
    private static final String JOIN =
            "{\"type\":\"join\",\"docId\":\"d\",\"clientId\":\"me\",\"name\":\"Me\",\"color\":\"#000000\"}";

    private final List<EditSubmitted> published = new ArrayList<>();
    private final List<PresenceUpdate> presences = new ArrayList<>();
    private RuntimeException failPublishWith;
    private final FakeOut out = new FakeOut();
    private final DocumentHub hub = new DocumentHub(new OpsRouter(new long[] {0}, 100, 100, id -> 0),
            new NoSnapshots(), new Folded(), new PresenceTable(), Runnable::run, java.time.Clock.systemUTC(),
            Duration.ofSeconds(1), 100);
    private final Clock clock = new Clock();
    private final List<ScheduledTask> scheduled = new ArrayList<>();
    private final Map<ErrorCode, Integer> errorsCounted = new EnumMap<>(ErrorCode.class);
    private final DocumentSession session = new DocumentSession("s-1", "d", "192.0.2.1", out, new Env());

    @Test
    void aPresencesViewAndWhomItFollowsArePublishedAndTheLeavingUpdateKeepsThem() {
        session.onText(JOIN);
        session.onText("{\"type\":\"presence\",\"revision\":0,\"selections\":[],\"view\":{\"from\":0,\"to\":0},"
                + "\"following\":\"grace\"}");
        assertThat(presences).last().satisfies(p -> {
            assertThat(p.view()).contains(new Viewport(0, 0));
            assertThat(p.following()).contains("grace");
        });
        session.onText("{\"type\":\"presence\",\"revision\":0,\"selections\":[]}");
        advance(1_000); // the second is published once the presence pace allows
        assertThat(presences).last().satisfies(p -> {
            assertThat(p.view()).isEmpty();
            assertThat(p.following()).as("following nobody any more").isEmpty();
        });
        assertThat(out.closedWith).isNull();
    }

    @Test
    void followingOneselfIsMalformed() {
        session.onText(JOIN);
        session.onText("{\"type\":\"presence\",\"revision\":0,\"selections\":[],\"following\":\"me\"}");
        assertThat(lastError().code()).isEqualTo(ErrorCode.MALFORMED_MESSAGE);
        assertThat(lastError().message()).isEqualTo("presence.following must not be the sender's own clientId");
        assertThat(lastError().fatal()).isTrue();
        assertThat(out.closedWith).isEqualTo(1008);
    }

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
    void aResendOfAnEditAcknowledgedInTheReplayGoesToTheSequencerAndItsDuplicateIsAlreadyCommitted() {
        hub.onCommitted(0, 1, committed(1, "me", 1)); // committed before the connection dropped
        session.onText(RESUME_AT_0);
        session.onText(submit(1, 0, "a")); // the client resends before it has read the replayed ack
        session.onText(submit(2, 1, "b")); // and, having read it, submits its next edit: not EDIT_IN_FLIGHT
        assertThat(published).extracting(EditSubmitted::clientSeq).containsExactly(1L, 2L);
        hub.onDuplicate(new EditDuplicate("d", "me", 1, 1));
        assertThat(out.messages()).extracting(ServerMessage::type).containsExactly("resumed", "ack", "error");
        ServerMessage.Error error = lastError();
        assertThat(error.code()).isEqualTo(ErrorCode.ALREADY_COMMITTED);
        assertThat(error.fatal()).isFalse();
        assertThat(error.clientSeq()).hasValue(1);
        assertThat(error.message()).isEqualTo("submit 1 was committed at revision 1; this resend was ignored");
        hub.onCommitted(0, 2, committed(2, "me", 2));
        assertThat(out.messages()).extracting(ServerMessage::type).endsWith("error", "ack");
        assertThat(out.closedWith).isNull();
    }

    @Test
    void aDuplicateOfARevisionNotDeliveredYetWaitsForTheAck() {
        session.onText(JOIN);
        session.onText(submit(1, 0, "a"));
        hub.onDuplicate(new EditDuplicate("d", "me", 1, 1)); // e.g. the resend of an earlier connection
        assertThat(out.messages()).extracting(ServerMessage::type).containsExactly("snapshot");
        hub.onCommitted(0, 1, committed(1, "me", 1));
        assertThat(out.messages()).extracting(ServerMessage::type).containsExactly("snapshot", "ack");
        session.onText(submit(2, 1, "b"));
        assertThat(published).extracting(EditSubmitted::clientSeq).containsExactly(1L, 2L);
    }

    @Test
    void aReusedClientSeqWithAnotherEditIsRefusedWhenTheSequencerSaysSo() {
        session.onText(JOIN);
        session.onText(submit(1, 0, "a"));
        hub.onCommitted(0, 1, committed(1, "me", 1));
        session.onText(submit(1, 1, "other"));
        assertThat(published).extracting(EditSubmitted::clientSeq).containsExactly(1L, 1L);
        hub.onRejected(new EditRejected("d", "me", 1, ErrorCode.CLIENT_SEQ_REUSED, "another edit"));
        assertThat(lastError().code()).isEqualTo(ErrorCode.CLIENT_SEQ_REUSED);
        assertThat(lastError().fatal()).isTrue();
        assertThat(out.closedWith).isEqualTo(1008);
    }

    @Test
    void submitsBeyondTheLimitAreHeldAndPublishedAtItsPaceNeverRefused() {
        session.onText(JOIN);
        int revision = 0;
        // a client that follows section 5: one submit in flight, the next as soon as the ack arrives
        for (int seq = 1; seq <= 300; seq++) {
            session.onText(submit(seq, revision, "k"));
            advance(1); // the ack path is fast; well under the 50 a second the bucket refills
            if (published.size() == seq) {
                revision++;
                hub.onCommitted(0, revision, committed(revision, "me", seq));
            } else {
                assertThat(published).hasSize(seq - 1); // held, not refused
                advance(20); // a token is due within 1/50 s
                assertThat(published).hasSize(seq);
                revision++;
                hub.onCommitted(0, revision, committed(revision, "me", seq));
            }
        }
        assertThat(errorsCounted).isEmpty();
        assertThat(out.closedWith).isNull();
        assertThat(out.messages()).filteredOn(m -> m instanceof ServerMessage.Ack).hasSize(300);
        // the first 100 (the burst) went at once, the rest at the rate: about 50 a second
        assertThat(clock.nanos - START).isGreaterThan(3_000_000_000L);
    }

    @Test
    void aHeldSubmitIsNotPublishedAfterTheConnectionClosed() {
        session.onText(JOIN);
        for (int seq = 1; seq <= 100; seq++) {
            session.onText(submit(seq, seq - 1, "k"));
            hub.onCommitted(0, seq, committed(seq, "me", seq));
        }
        session.onText(submit(101, 100, "k"));
        assertThat(published).hasSize(100);
        session.onClose();
        advance(1000);
        assertThat(published).hasSize(100);
    }

    @Test
    void nonFatalErrorsHaveASmallBudgetPastWhichTheConnectionIsRateLimited() {
        session.onText(JOIN);
        for (int i = 0; i < 20; i++) {
            session.onText("{\"type\":\"subscribe\"}");
        }
        assertThat(out.closedWith).isNull();
        advance(500); // one more error is allowed every 500 ms (20 per 10 s)
        session.onText("{\"type\":\"subscribe\"}");
        assertThat(out.closedWith).isNull();
        session.onText("{\"type\":\"subscribe\"}");
        ServerMessage.Error error = lastError();
        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error.fatal()).isTrue();
        assertThat(error.retryAfterMs()).hasValue(5_000);
        assertThat(out.closedWith).isEqualTo(1013);
        assertThat(errorsCounted).containsEntry(ErrorCode.UNKNOWN_MESSAGE_TYPE, 21).containsEntry(ErrorCode.RATE_LIMITED, 1);
    }

    @Test
    void everyFrameCountsAgainstTheMessageLimitWhichSaysWhenToComeBack() {
        session.onText(JOIN);
        for (int i = 0; i < 199; i++) {
            session.onText("{\"type\":\"ping\"}");
        }
        assertThat(out.closedWith).isNull();
        session.onText("not json at all"); // would be MALFORMED_MESSAGE, but the limit comes first
        ServerMessage.Error error = lastError();
        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error.retryAfterMs()).hasValue(5_000);
    }

    @Test
    void framesAreMeasuredInUtf8BytesAtTheLimit() {
        session.onText(JOIN);
        String exactly = submitOfBytes(1 << 20);
        assertThat(exactly.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isEqualTo(1 << 20);
        session.onText(exactly);
        assertThat(published).hasSize(1);
        hub.onCommitted(0, 1, committed(1, "me", 1));
        session.onText(submitOfBytes((1 << 20) + 1).replace("\"clientSeq\":1", "\"clientSeq\":2"));
        assertThat(lastError().code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
    }

    @Test
    void aPublishRefusedAsTooLargeIsMessageTooLargeNotUnavailable() {
        failPublishWith = new org.apache.kafka.common.errors.RecordTooLargeException("too large");
        session.onText(JOIN);
        session.onText(submit(1, 0, "a"));
        assertThat(lastError().code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
        assertThat(lastError().clientSeq()).hasValue(1);
        assertThat(out.closedWith).isEqualTo(1008);
    }

    @Test
    void otherPublishFailuresAreUnavailable() {
        failPublishWith = new org.apache.kafka.common.errors.TimeoutException("no broker");
        session.onText(JOIN);
        session.onText(submit(1, 0, "a"));
        assertThat(lastError().code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(out.closedWith).isEqualTo(1013);
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
        hub.onRejected(new EditRejected("d", "me", 1, ErrorCode.OP_DOES_NOT_FIT, "too far"));
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

    /** A submit of clientSeq 1 whose frame is exactly {@code bytes} bytes of UTF-8 (an insert of ASCII and 🌍). */
    private static String submitOfBytes(int bytes) {
        String one = submit(1, 0, "x");
        int room = bytes - one.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
        String text = "🌍".repeat(room / 4 / 2) + "x".repeat(room - room / 4 / 2 * 4);
        return submit(1, 0, text);
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
            return new SessionLimits(1 << 20, 10_000_000, 50, 100, 200, 20, 10_000, 5_000, 30_000, 20, 100, 1000, 10_000,
                    60_000);
        }

        @Override
        public Optional<ReadOnlyIds.Address> resolve(String docId) {
            return Optional.of(new ReadOnlyIds.Address(docId, false));
        }

        @Override
        public void publishEdit(EditSubmitted edit, Consumer<Throwable> onFailure) {
            if (failPublishWith != null) {
                onFailure.accept(failPublishWith);
                return;
            }
            published.add(edit);
        }

        @Override
        public void publishPresence(PresenceUpdate update) {
            presences.add(update);
        }

        @Override
        public void schedule(Duration delay, Runnable task) {
            if (delay.isZero()) {
                task.run();
            } else {
                scheduled.add(new ScheduledTask(clock.nanos + delay.toNanos(), task));
            }
        }

        @Override
        public void errorSent(ErrorCode code, String remoteAddress, String sessionId) {
            errorsCounted.merge(code, 1, Integer::sum);
        }

        @Override
        public void recordAckLatency(String docId, long nanos) {
        }

        @Override
        public long currentTimeMillis() {
            return clock.nanos / 1_000_000;
        }

        @Override
        public long nanoTime() {
            return clock.nanos;
        }
    }

    /** A fake monotonic clock: time moves only when a test says so. */
    private static final class Clock {
        long nanos = 1_000_000_000_000L;
    }

    private record ScheduledTask(long dueNanos, Runnable task) {
    }

    /** Moves the clock on by {@code millis}, running every task that falls due, in due order. */
    private void advance(long millis) {
        long until = clock.nanos + millis * 1_000_000;
        while (true) {
            ScheduledTask next = scheduled.stream().filter(t -> t.dueNanos() <= until)
                    .min(java.util.Comparator.comparingLong(ScheduledTask::dueNanos)).orElse(null);
            if (next == null) {
                break;
            }
            scheduled.remove(next);
            clock.nanos = Math.max(clock.nanos, next.dueNanos());
            next.task().run();
        }
        clock.nanos = until;
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
