package dev.tandem.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tandem.testsupport.ws.TandemTestClient;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ClientMessage;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.ServerMessage;
import dev.tandem.protocol.TextEdit;

/**
 * Every kind of bad input gets its documented error code (fatal or not, as docs/protocol.md section 9 says), and
 * leaves the document as it was: an observer's copy and the snapshot service's agree with the text before.
 */
class BadInputIT {

    private static final String TEXT = "unharmed 🌍";
    private static TandemSystem system;
    private final List<TandemTestClient> clients = new ArrayList<>();
    private String docId;
    private TandemTestClient observer;

    @BeforeAll
    static void system() {
        system = TandemSystem.get();
    }

    @BeforeEach
    void document() {
        docId = "bad-" + UUID.randomUUID();
        observer = client(system.gateway1.httpPort()).connect();
        await().until(observer::isSynchronized);
        observer.insert(0, TEXT);
        await().until(observer::isSynchronized);
    }

    @AfterEach
    void documentIsUnharmed() {
        int revision = observer.revision();
        await().until(() -> system.snapshotState(docId) != null && system.snapshotState(docId).revision() == revision);
        assertThat(observer.text()).isEqualTo(TEXT);
        assertThat(system.snapshotStateText(docId)).isEqualTo(TEXT);
        assertThat(observer.violations()).isEmpty();
        clients.forEach(TandemTestClient::close);
    }

    @Test
    void malformedJsonIsRefusedAndTheConnectionClosed() {
        TandemTestClient c = joined();
        c.sendRaw("{\"type\":\"submit\",");
        awaitFatal(c, ErrorCode.MALFORMED_MESSAGE, 1008);
    }

    @Test
    void aBinaryFrameIsMalformed() {
        TandemTestClient c = joined();
        c.sendBinary(new byte[] {1, 2, 3});
        awaitFatal(c, ErrorCode.MALFORMED_MESSAGE, 1008);
    }

    @Test
    void anUnknownMessageTypeIsReportedAndTheConnectionSurvives() {
        TandemTestClient c = joined();
        c.sendRaw("{\"type\":\"subscribe\",\"topic\":\"cursors\"}");
        c.send(new ClientMessage.Ping());
        await().until(() -> c.received().stream().anyMatch(m -> m instanceof ServerMessage.Pong));
        ServerMessage.Error error = c.errors().get(0);
        assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_MESSAGE_TYPE);
        assertThat(error.fatal()).isFalse();
        assertThat(c.isConnected()).isTrue();
        c.insert(0, "x"); // still edits
        await().until(() -> observer.text().equals("x" + TEXT));
        c.delete(0, 1);
        await().until(() -> observer.text().equals(TEXT) && c.isSynchronized());
    }

    @Test
    void messagesBeforeJoinAndASecondJoinAreRefused() {
        TandemTestClient early = client(system.gateway1.httpPort()).open();
        early.send(new ClientMessage.Ping()); // allowed before join
        early.send(new ClientMessage.Presence(0, List.of()));
        awaitFatal(early, ErrorCode.NOT_JOINED, 1008);
        assertThat(early.received().get(0)).isInstanceOf(ServerMessage.Pong.class);

        TandemTestClient twice = joined();
        twice.send(new ClientMessage.Join(docId, twice.clientId(), "again", "#000000"));
        awaitFatal(twice, ErrorCode.ALREADY_JOINED, 1008);
    }

    @Test
    void aJoinForAnotherDocumentThanThePathIsMalformed() {
        TandemTestClient c = client(system.gateway1.httpPort()).open();
        c.send(new ClientMessage.Join("some-other-document", c.clientId(), "Eve", "#000000"));
        awaitFatal(c, ErrorCode.MALFORMED_MESSAGE, 1008);
    }

    @Test
    void aFrameOverTheLimitIsTooLarge() {
        TandemTestClient c = joined();
        String huge = "x".repeat(1024 * 1024);
        c.send(new ClientMessage.Submit(1, c.revision(), new TextEdit(TextOperation.insert(0, huge))));
        awaitFatal(c, ErrorCode.MESSAGE_TOO_LARGE, 1008);
    }

    @Test
    void invalidEditsAreRefused() {
        TandemTestClient c = joined();
        c.sendRaw("{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":1,\"edit\":{\"kind\":\"text\",\"op\":[3,{\"d\":0}]}}");
        awaitFatal(c, ErrorCode.INVALID_EDIT, 1008);
        assertThat(c.errors().get(0).clientSeq()).hasValue(1);
    }

    @Test
    void anOpThatDoesNotFitIsRefusedByTheSequencer() {
        TandemTestClient c = joined();
        c.send(new ClientMessage.Submit(1, c.revision(), new TextEdit(TextOperation.delete(0, 500))));
        awaitFatal(c, ErrorCode.OP_DOES_NOT_FIT, 1008);
        assertThat(c.errors().get(0).clientSeq()).hasValue(1);
    }

    @Test
    void wrongRevisionAndSequenceNumbersAreRefused() {
        TandemTestClient ahead = joined();
        ahead.send(new ClientMessage.Submit(1, ahead.revision() + 5, new TextEdit(TextOperation.insert(0, "a"))));
        awaitFatal(ahead, ErrorCode.BASE_REVISION_AHEAD, 1008);

        TandemTestClient skipping = joined();
        skipping.send(new ClientMessage.Submit(1, skipping.revision(), new TextEdit(TextOperation.insert(0, "a"))));
        await().until(() -> skipping.received().stream().anyMatch(m -> m instanceof ServerMessage.Ack));
        skipping.send(new ClientMessage.Submit(3, skipping.revision() + 1, new TextEdit(TextOperation.delete(0, 1))));
        awaitFatal(skipping, ErrorCode.CLIENT_SEQ_OUT_OF_ORDER, 1008);
        fixUp("a" + TEXT);

        TandemTestClient hasty = joined();
        int base = hasty.revision();
        hasty.send(new ClientMessage.Submit(1, base, new TextEdit(TextOperation.insert(0, "b"))));
        hasty.send(new ClientMessage.Submit(2, base, new TextEdit(TextOperation.insert(0, "c"))));
        awaitFatal(hasty, ErrorCode.EDIT_IN_FLIGHT, 1008);
        await().until(() -> observer.text().equals("b" + TEXT));
        fixUp("b" + TEXT);

        TandemTestClient future = client(system.gateway1.httpPort()).open();
        future.send(new ClientMessage.Join(docId, future.clientId(), "Fut", "#000000", observer.revision() + 100));
        awaitFatal(future, ErrorCode.CANNOT_RESUME, 1008);
    }

    @Test
    void aReadOnlyIdWatchesButNeverWrites() {
        var created = DocumentsApiIT.create(system.gateway1);
        TandemTestClient writer = client(system.gateway1.httpPort(), created.docId()).connect();
        TandemTestClient viewer = client(system.gateway2.httpPort(), created.readOnlyId()).connect();
        await().until(() -> writer.isSynchronized() && viewer.isSynchronized());
        writer.insert(0, "shared");
        await().until(() -> viewer.text().equals("shared"));
        assertThat(viewer.isReadOnly()).isTrue();
        viewer.insert(0, "nope");
        awaitFatal(viewer, ErrorCode.READ_ONLY, 1008);
        await().until(writer::isSynchronized);
        assertThat(writer.text()).isEqualTo("shared");
    }

    @Test
    void aMalformedReadOnlyIdIsAnUnknownDocument() {
        String notAnId = "ro_AAAAAAAAAAAAAAAAAAAAAB"; // 22 characters whose last one carries bits no id has
        TandemTestClient c = client(system.gateway1.httpPort(), notAnId).open();
        c.send(new ClientMessage.Join(notAnId, c.clientId(), "Eve", "#000000"));
        awaitFatal(c, ErrorCode.UNKNOWN_DOCUMENT, 1008);
    }

    @Test
    void floodingIsRateLimited() {
        TandemTestClient c = joined();
        for (int i = 0; i < 400; i++) {
            c.send(new ClientMessage.Ping());
        }
        awaitFatal(c, ErrorCode.RATE_LIMITED, 1013);
        assertThat(c.errors().get(c.errors().size() - 1).retryAfterMs()).hasValue(5_000);
    }

    @Test
    void aDocumentTakesOnlySoManyConnections() {
        List<TandemTestClient> many = new ArrayList<>();
        // the observer holds one of the connections gateway-1 accepts for the document
        for (int i = 0; i < TandemSystem.CONNECTIONS_PER_DOCUMENT - 1; i++) {
            many.add(client(system.gateway1.httpPort()).connect());
        }
        await().until(() -> many.stream().allMatch(TandemTestClient::isJoined));
        TandemTestClient oneTooMany = client(system.gateway1.httpPort()).connect();
        awaitFatal(oneTooMany, ErrorCode.TOO_MANY_CONNECTIONS, 1013);
        assertThat(oneTooMany.errors().get(0).retryAfterMs()).hasValue(30_000); // not a retry for ever
        many.get(0).close();
        TandemTestClient next = client(system.gateway1.httpPort());
        await().untilAsserted(() -> {
            if (!next.isConnected()) {
                next.connect();
            }
            assertThat(next.isJoined()).isTrue();
        });
    }

    @Test
    void anEditThatWouldMakeTheDocumentTooLargeIsRefused() {
        TandemTestClient c = client(system.gateway2.httpPort()).connect(); // gateway-2: 100,000 code points
        await().until(c::isSynchronized);
        String big = "y".repeat(TandemSystem.SMALL_DOCUMENT_LIMIT + 1);
        c.send(new ClientMessage.Submit(1, c.revision(), new TextEdit(TextOperation.insert(0, big))));
        awaitFatal(c, ErrorCode.DOCUMENT_TOO_LARGE, 1008);
    }

    private TandemTestClient joined() {
        TandemTestClient c = client(system.gateway1.httpPort()).connect();
        await().until(c::isSynchronized);
        return c;
    }

    private TandemTestClient client(int port) {
        return client(port, docId);
    }

    private TandemTestClient client(int port, String document) {
        TandemTestClient c = TandemTestClient.of("ws://127.0.0.1:" + port, document, "tester");
        clients.add(c);
        return c;
    }

    /** Puts the observed text back to {@link #TEXT} after a test edit that went through before a refusal. */
    private void fixUp(String expected) {
        await().until(() -> observer.text().equals(expected) && observer.isSynchronized());
        observer.delete(0, 1);
        await().until(() -> observer.text().equals(TEXT) && observer.isSynchronized());
    }

    private static void awaitFatal(TandemTestClient c, ErrorCode code, int closeCode) {
        await().until(() -> c.hasError(code) && c.closeCode() != null);
        ServerMessage.Error error = c.errors().stream().filter(e -> e.code() == code).findFirst().orElseThrow();
        assertThat(error.fatal()).isTrue();
        assertThat(error.message()).isNotBlank();
        assertThat(c.closeCode()).isEqualTo(closeCode);
    }
}
