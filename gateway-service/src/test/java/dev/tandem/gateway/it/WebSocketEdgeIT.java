package dev.tandem.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ClientMessage;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.ServerMessage;
import dev.tandem.protocol.SizeLimits;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.TextEdit;
import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.ws.RawWebSocket;
import dev.tandem.testsupport.ws.TandemTestClient;

/**
 * The WebSocket edge against frames a well-behaved client library would never send, over a raw socket
 * ({@link RawWebSocket}): the frame limit and the hard limit at their exact boundaries, single and fragmented;
 * a 17 MiB frame; text frames that are not UTF-8. gateway-2 has a frame limit F of 256 KiB (hard limit
 * F + 64 KiB), gateway-1 the default 1 MiB.
 */
class WebSocketEdgeIT {

    private static final int F = TandemSystem.SMALL_FRAME_LIMIT;
    private static final int HARD = SizeLimits.hardFrameBytes(F);
    private static TandemSystem system;
    private final List<RawWebSocket> sockets = new ArrayList<>();
    private final List<TandemTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void system() {
        system = TandemSystem.get();
    }

    @AfterEach
    void close() {
        sockets.forEach(RawWebSocket::close);
        clients.forEach(TandemTestClient::close);
    }

    @Test
    void aFrameOfExactlyTheLimitIsAccepted() {
        Joined c = join(system.gateway2);
        c.ws.sendText(submitOfBytes(F, 1, c.revision));
        ServerMessage ack = await().until(() -> c.lastMessage(), m -> m instanceof ServerMessage.Ack);
        assertThat(((ServerMessage.Ack) ack).clientSeq()).isEqualTo(1);
        assertThat(c.ws.isClosed()).isFalse();
    }

    @Test
    void oneByteOverTheLimitAndUpToTheHardLimitIsMessageTooLarge() {
        for (int bytes : new int[] {F + 1, HARD}) {
            Joined c = join(system.gateway2);
            c.ws.sendText(submitOfBytes(bytes, 1, c.revision));
            awaitFatal(c, ErrorCode.MESSAGE_TOO_LARGE, 1008);
            assertThat(c.error(ErrorCode.MESSAGE_TOO_LARGE).message()).contains(bytes + " bytes");
        }
    }

    @Test
    void aFrameOneByteOverTheHardLimitIsClosedWith1009WithoutAnAnswer() {
        Joined c = join(system.gateway2);
        c.ws.sendText(submitOfBytes(HARD + 1, 1, c.revision));
        await().until(() -> c.ws.closeCode() != null);
        assertThat(c.ws.closeCode()).isEqualTo(1009);
        assertThat(c.messages()).noneMatch(m -> m instanceof ServerMessage.Error);
    }

    @Test
    void aFragmentedMessageIsClosedWith1009AtTheFragmentThatCrossesTheHardLimit() {
        Joined c = join(system.gateway2);
        byte[] submit = submitOfBytes(HARD + 1, 1, c.revision).getBytes(StandardCharsets.UTF_8);
        int fragment = 16 * 1024;
        int sent = 0;
        c.ws.sendFrame(RawWebSocket.TEXT, false, java.util.Arrays.copyOfRange(submit, 0, fragment));
        sent += fragment;
        while (sent + fragment <= HARD) { // up to the hard limit: still buffered, no answer
            c.ws.sendFrame(RawWebSocket.CONTINUATION, false, java.util.Arrays.copyOfRange(submit, sent, sent + fragment));
            sent += fragment;
        }
        c.ws.sendFrame(RawWebSocket.CONTINUATION, false, java.util.Arrays.copyOfRange(submit, sent, HARD));
        c.ws.sendFrame(RawWebSocket.CONTINUATION, false, java.util.Arrays.copyOfRange(submit, HARD, HARD + 1));
        // no final fragment was ever sent: the close cannot have waited for the whole message
        await().until(() -> c.ws.closeCode() != null);
        assertThat(c.ws.closeCode()).isEqualTo(1009);
        assertThat(c.messages()).noneMatch(m -> m instanceof ServerMessage.Error);
    }

    @Test
    void aFragmentedMessageWithinTheLimitIsOneMessage() {
        Joined c = join(system.gateway2);
        byte[] submit = submitOfBytes(F, 1, c.revision).getBytes(StandardCharsets.UTF_8);
        int half = submit.length / 2;
        c.ws.sendFrame(RawWebSocket.TEXT, false, java.util.Arrays.copyOfRange(submit, 0, half));
        c.ws.sendFrame(RawWebSocket.CONTINUATION, true, java.util.Arrays.copyOfRange(submit, half, submit.length));
        await().until(() -> c.lastMessage(), m -> m instanceof ServerMessage.Ack);
    }

    @Test
    void aSeventeenMebibyteFrameIsClosedAtOnceWith1009() {
        Joined c = join(system.gateway1);
        c.ws.sendFrame(RawWebSocket.TEXT, true, 17L << 20, null, 'x');
        await().until(() -> c.ws.closeCode() != null || c.ws.isClosed());
        assertThat(c.ws.closeCode()).isEqualTo(1009);

        Joined fragmented = join(system.gateway1);
        boolean sending = fragmented.ws.sendFrame(RawWebSocket.TEXT, false, 1L << 20, null, 'x');
        for (int i = 1; i < 17 && sending && fragmented.ws.closeCode() == null; i++) {
            sending = fragmented.ws.sendFrame(RawWebSocket.CONTINUATION, false, 1L << 20, null, 'x');
        }
        await().until(() -> fragmented.ws.closeCode() != null || fragmented.ws.isClosed());
        assertThat(fragmented.ws.closeCode()).isEqualTo(1009);
    }

    @Test
    void aMebibyteFrameIsCommittedEveryKafkaSizeIsDerivedFromTheFrameLimit() {
        Joined c = join(system.gateway1);
        c.ws.sendText(submitOfBytes(SizeLimits.DEFAULT_MAX_FRAME_BYTES, 1, c.revision));
        // a frame of exactly the limit fits every hop behind it (SizeLimits): acked, never UNAVAILABLE for ever
        ServerMessage answer = await().until(() -> c.lastMessage(), m -> m instanceof ServerMessage.Ack
                || m instanceof ServerMessage.Error);
        assertThat(answer).isInstanceOf(ServerMessage.Ack.class);
    }


    @Test
    void invalidUtf8InATextFrameIsMalformedAndClosedWith1007AndNothingIsStored() {
        Joined c = join(system.gateway1);
        byte[] submit = bytes("{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":0,\"edit\":{\"kind\":\"text\","
                + "\"op\":[\"a", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xFF}, "b\"]}}");
        c.ws.sendFrame(RawWebSocket.TEXT, true, submit);
        awaitFatal(c, ErrorCode.MALFORMED_MESSAGE, 1007);
        assertThat(c.error(ErrorCode.MALFORMED_MESSAGE).message()).contains("UTF-8");

        Joined truncated = join(system.gateway1, c.docId);
        byte[] cut = bytes("{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":0,\"edit\":{\"kind\":\"text\","
                + "\"op\":[\"a", new byte[] {(byte) 0xF0, (byte) 0x9F}, "");
        truncated.ws.sendFrame(RawWebSocket.TEXT, false, cut);
        truncated.ws.sendFrame(RawWebSocket.CONTINUATION, true, new byte[0]); // the message ends mid-character
        awaitFatal(truncated, ErrorCode.MALFORMED_MESSAGE, 1007);

        // a character split between fragments is fine
        Joined split = join(system.gateway1, c.docId);
        byte[] globe = "🌍".getBytes(StandardCharsets.UTF_8);
        split.ws.sendFrame(RawWebSocket.TEXT, false, bytes("{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":0,"
                + "\"edit\":{\"kind\":\"text\",\"op\":[\"", java.util.Arrays.copyOfRange(globe, 0, 2), ""));
        split.ws.sendFrame(RawWebSocket.CONTINUATION, true, bytes("", java.util.Arrays.copyOfRange(globe, 2, 4),
                "\"]}}"));
        await().until(() -> split.lastMessage(), m -> m instanceof ServerMessage.Ack);
        await().until(() -> "🌍".equals(system.snapshotStateText(c.docId)));
        assertThat(system.allOps(c.docId)).hasSize(1);

        String metrics = TandemSystem.get(system.gateway1.baseUrl() + "/q/metrics").body();
        assertThat(metrics).containsPattern("tandem_gateway_errors_total\\{code=\"MALFORMED_MESSAGE\"[^}]*\\} [1-9]");
        assertThat(metrics).containsPattern("tandem_gateway_frames_refused_total\\{close=\"1007\"[^}]*\\} [1-9]");
    }

    @Test
    void aResendOfACommittedClientSeqIsAlwaysAnswered() {
        TandemTestClient c = client(system.gateway1, "resend-" + UUID.randomUUID()).connect();
        await().until(c::isSynchronized);
        c.insert(0, "once");
        await().until(c::isSynchronized);
        int committedAt = c.acks().get(1L);
        // a resend is the edit as it was sent, on the revision it was made on (0)
        ClientMessage.Submit same = new ClientMessage.Submit(1, 0, new TextEdit(TextOperation.insert(0, "once")));
        c.send(same);
        await().until(() -> c.hasError(ErrorCode.ALREADY_COMMITTED));
        ServerMessage.Error error = c.errors().get(0);
        assertThat(error.fatal()).isFalse();
        assertThat(error.clientSeq()).hasValue(1);
        assertThat(error.message()).isEqualTo("submit 1 was committed at revision " + committedAt
                + "; this resend was ignored");
        c.insert(4, "!"); // the connection goes on: clientSeq 2
        await().until(() -> c.isSynchronized() && c.acks().containsKey(2L));
        assertThat(c.isConnected()).isTrue();

        // the same clientSeq with another edit: the sequencer compares the edits and refuses it
        int before = c.revision();
        c.send(new ClientMessage.Submit(2, before - 1, new TextEdit(TextOperation.insert(0, "other"))));
        await().until(() -> c.hasError(ErrorCode.CLIENT_SEQ_REUSED));
        assertThat(c.errors().stream().filter(e -> e.code() == ErrorCode.CLIENT_SEQ_REUSED).findFirst().orElseThrow()
                .fatal()).isTrue();
        await().until(() -> "once!".equals(system.snapshotStateText(c.docId())));
        assertThat(system.allOps(c.docId())).extracting(OpCommitted::clientSeq).containsExactly(1L, 2L);
    }

    @Test
    void aClientThatFollowsTheProtocolIsNeverRateLimitedHoweverFastItsLink() {
        TandemTestClient c = client(system.gateway1, "fast-" + UUID.randomUUID()).connect();
        await().until(c::isSynchronized);
        // 300 submits, each sent the moment the previous ack arrives: on localhost far more than 50 a second
        for (int i = 0; i < 300; i++) {
            c.insert(i, "k");
            await().until(c::isSynchronized);
        }
        assertThat(c.errors()).isEmpty();
        assertThat(c.acks()).hasSize(300);
        assertThat(c.isConnected()).isTrue();
    }

    @Test
    void aFloodOfUnknownMessagesIsCutOffByTheErrorBudget() {
        TandemTestClient c = client(system.gateway1, "flood-" + UUID.randomUUID()).connect();
        await().until(c::isSynchronized);
        for (int i = 0; i < 400; i++) {
            c.sendRaw("{\"type\":\"subscribe\",\"n\":" + i + "}");
        }
        await().until(() -> c.hasError(ErrorCode.RATE_LIMITED) && c.closeCode() != null);
        ServerMessage.Error limited = c.errors().stream().filter(e -> e.code() == ErrorCode.RATE_LIMITED)
                .findFirst().orElseThrow();
        assertThat(limited.fatal()).isTrue();
        assertThat(limited.retryAfterMs()).hasValue(5_000);
        assertThat(c.closeCode()).isEqualTo(1013);
        // 20 answered, then the budget refills at 2 a second: nowhere near one answer per message
        assertThat(c.errors()).filteredOn(e -> e.code() == ErrorCode.UNKNOWN_MESSAGE_TYPE).hasSizeLessThan(100);
    }

    private TandemTestClient client(ServiceProcess gateway, String docId) {
        TandemTestClient c = TandemTestClient.of(TandemSystem.ws(gateway), docId, "edge");
        clients.add(c);
        return c;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** A raw connection that has joined a document and read its snapshot. */
    private final class Joined {
        final RawWebSocket ws;
        final String docId;
        final int revision;

        Joined(RawWebSocket ws, String docId, int revision) {
            this.ws = ws;
            this.docId = docId;
            this.revision = revision;
        }

        List<ServerMessage> messages() {
            return ws.texts().stream().map(TandemJson.shared()::decodeServerMessage).toList();
        }

        /** The last answer to this connection's own messages: others' presence and `left` may come after it. */
        ServerMessage lastMessage() {
            List<ServerMessage> all = messages().stream()
                    .filter(m -> !(m instanceof ServerMessage.Presence) && !(m instanceof ServerMessage.Left))
                    .toList();
            return all.isEmpty() ? null : all.get(all.size() - 1);
        }

        ServerMessage.Error error(ErrorCode code) {
            return messages().stream().filter(m -> m instanceof ServerMessage.Error e && e.code() == code)
                    .map(ServerMessage.Error.class::cast).findFirst().orElseThrow();
        }
    }

    private Joined join(ServiceProcess gateway) {
        return join(gateway, "edge-" + UUID.randomUUID());
    }

    private Joined join(ServiceProcess gateway, String docId) {
        RawWebSocket ws = RawWebSocket.connect("127.0.0.1", gateway.httpPort(), "/ws/docs/" + docId);
        sockets.add(ws);
        ws.sendText("{\"type\":\"join\",\"docId\":\"" + docId + "\",\"clientId\":\"c-" + UUID.randomUUID()
                + "\",\"name\":\"Raw\",\"color\":\"#123456\"}");
        await().until(() -> !ws.texts().isEmpty());
        ServerMessage first = TandemJson.shared().decodeServerMessage(ws.texts().get(0));
        assertThat(first).isInstanceOf(ServerMessage.Snapshot.class);
        return new Joined(ws, docId, ((ServerMessage.Snapshot) first).revision());
    }

    private static void awaitFatal(Joined c, ErrorCode code, int closeCode) {
        await().until(() -> c.ws.closeCode() != null);
        ServerMessage.Error error = c.error(code);
        assertThat(error.fatal()).isTrue();
        assertThat(c.ws.closeCode()).isEqualTo(closeCode);
    }

    /**
     * A valid submit whose frame is exactly {@code bytes} bytes: an insert of 🌍 (4 bytes, one code point, so that it
     * stays within gateway-2's document limit) and a few x.
     */
    static String submitOfBytes(int bytes, long clientSeq, int baseRevision) {
        String one = "{\"type\":\"submit\",\"clientSeq\":" + clientSeq + ",\"baseRevision\":" + baseRevision
                + ",\"edit\":{\"kind\":\"text\",\"op\":[\"x\"]}}";
        int room = bytes - one.length() + 1;
        String frame = one.replace("[\"x\"]", "[\"" + "🌍".repeat(room / 4) + "x".repeat(room % 4) + "\"]");
        assertThat(frame.getBytes(StandardCharsets.UTF_8).length).isEqualTo(bytes);
        return frame;
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        b.writeBytes(middle);
        b.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }
}
