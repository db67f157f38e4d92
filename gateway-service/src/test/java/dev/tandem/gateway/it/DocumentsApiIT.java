package dev.tandem.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.testsupport.ws.TandemTestClient;
import dev.tandem.protocol.history.HistoryError.Code;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.HistoryError;
import dev.tandem.protocol.history.OpPage;
import dev.tandem.testsupport.ServiceProcess;

/**
 * The gateway's HTTP side: document creation and links, the history proxy, health, metrics, the browser app; what
 * it refuses (every refusal a {@link HistoryError} body with its code's status) and the origins it accepts.
 */
class DocumentsApiIT {
    private static final String ROUTES = "POST /api/docs, GET /api/docs/{docId} (and /revisions/{revision}, /authorship,"
            + " /ops, /revisions, /timeline, /chat, /versions), POST /api/docs/{docId}/forks, GET /api/links/{docId}";
    private static final String ALLOWED = "it allows self, http://localhost:*, http://127.0.0.1:*"
            + " (tandem.gateway.origins.allowed)";

    private static TandemSystem system;

    /** The body of {@code POST /api/docs}. */
    record Created(String docId, String readOnlyId) {
    }

    @BeforeAll
    static void system() {
        system = TandemSystem.get();
    }

    static Created create(ServiceProcess gateway) {
        HttpResponse<String> response = TandemSystem.send(HttpRequest.newBuilder(
                URI.create(gateway.baseUrl() + "/api/docs")).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(response.statusCode()).isEqualTo(201);
        return TandemSystem.read(response.body(), Created.class);
    }

    @Test
    void createdDocumentsHaveUnguessableIdsAndAReadOnlyAlias() {
        Created a = create(system.gateway1);
        Created b = create(system.gateway2);
        assertThat(a.docId()).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(b.docId());
        assertThat(a.readOnlyId()).matches("ro_[A-Za-z0-9_-]{22}").doesNotContain(a.docId());
        assertThat(b.readOnlyId()).isNotEqualTo(a.readOnlyId());
    }

    @Test
    void theHistoryApiIsServedThroughTheGatewayAlsoForReadOnlyIdsWithoutRevealingTheDocumentId() {
        Created doc = create(system.gateway1);
        try (TandemTestClient writer = TandemTestClient.of(TandemSystem.ws(system.gateway1), doc.docId(), "W")
                .connect()) {
            await().until(writer::isSynchronized);
            writer.insert(0, "history");
            await().until(writer::isSynchronized);
            writer.insert(7, "!");
            await().until(() -> writer.isSynchronized()
                    && "history!".equals(system.snapshotStateText(doc.docId())));

            HttpResponse<String> head = TandemSystem.get(system.gateway2.baseUrl() + "/api/docs/" + doc.docId());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(TandemSystem.read(head.body(), DocumentState.class).text()).isEqualTo("history!");

            HttpResponse<String> viewed = TandemSystem.get(system.gateway1.baseUrl() + "/api/docs/"
                    + doc.readOnlyId() + "/ops?from=1");
            assertThat(viewed.statusCode()).isEqualTo(200);
            assertThat(viewed.body()).doesNotContain(doc.docId());
            OpPage page = TandemSystem.read(viewed.body(), OpPage.class);
            assertThat(page.docId()).isEqualTo(doc.readOnlyId());
            assertThat(page.ops()).hasSize(2);

            HttpResponse<String> tooFar = TandemSystem.get(system.gateway1.baseUrl() + "/api/docs/"
                    + doc.docId() + "/revisions/57");
            assertThat(tooFar.statusCode()).isEqualTo(400);
            assertThat(TandemSystem.read(tooFar.body(), HistoryError.class).code())
                    .isEqualTo(HistoryError.Code.REVISION_OUT_OF_RANGE);
        }
    }

    @Test
    void healthMetricsAndTheBrowserAppAreServed() {
        assertThat(TandemSystem.get(system.gateway1.baseUrl() + "/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(TandemSystem.get(system.gateway1.baseUrl() + "/q/health/live").statusCode()).isEqualTo(200);
        try (TandemTestClient c = TandemTestClient.of(TandemSystem.ws(system.gateway1), "metrics-doc", "M")
                .connect()) {
            await().until(c::isSynchronized);
            c.insert(0, "m");
            await().until(c::isSynchronized);
            String metrics = TandemSystem.get(system.gateway1.baseUrl() + "/q/metrics").body();
            assertThat(metrics).contains("tandem_gateway_connections", "tandem_gateway_documents_live",
                    "tandem_gateway_edit_ack_latency_seconds_count", "tandem_gateway_fanout_latency_seconds_count",
                    "tandem_gateway_ops_consumer_lag");
        }
        HttpResponse<String> start = TandemSystem.get(system.gateway1.baseUrl() + "/");
        assertThat(start.statusCode()).isEqualTo(200);
        assertThat(start.body()).contains("<title>Tandem");
        HttpResponse<String> documentPage = TandemSystem.get(system.gateway1.baseUrl() + "/d/some-document");
        assertThat(documentPage.statusCode()).isEqualTo(200);
        assertThat(documentPage.body()).isEqualTo(start.body());
        assertThat(TandemSystem.get(system.gateway1.baseUrl() + "/d/not%20an%20id").statusCode()).isEqualTo(404);
    }

    @Test
    void theLinksOfADocumentAreGivenToWhoeverHoldsItsWritableIdOnly() {
        Created doc = create(system.gateway1);
        HttpResponse<String> links = TandemSystem.get(system.gateway2.baseUrl() + "/api/links/" + doc.docId());
        assertThat(links.statusCode()).isEqualTo(200);
        assertThat(TandemSystem.read(links.body(), Created.class)).isEqualTo(doc);
        assertThat(TandemSystem.get(system.gateway1.baseUrl() + "/api/links/" + doc.readOnlyId()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void malformedIdsAndParametersAreRefusedBeforeTheSnapshotServiceSeesThem() {
        long mark = logMark();
        String idRule = "docId must be 1 to 64 characters of A-Z a-z 0-9 _ -, was ";
        expect(get("/api/docs/x'%20or%201=1--"), Code.INVALID_PARAMETER, idRule + "\"x' or 1=1--\"");
        expect(get("/api/docs/a%00b"), Code.INVALID_PARAMETER, idRule + "\"a\\u0000b\"");
        expect(get("/api/docs/%2e%2e%2f%2e%2e%2fetc%2fpasswd"), Code.INVALID_PARAMETER, idRule + "\"../../etc/passwd\"");
        expect(get("/api/docs/" + "a".repeat(65)), Code.INVALID_PARAMETER,
                idRule + "\"" + "a".repeat(40) + "...\"");
        expect(get("/api/links/a%20b"), Code.INVALID_PARAMETER, idRule + "\"a b\"");
        expect(get("/api/docs/abc/ops?from=x"), Code.INVALID_PARAMETER, "from must be an integer, was \"x\"");
        expect(get("/api/docs/abc/ops"), Code.INVALID_PARAMETER, "from is required");
        expect(get("/api/docs/abc/ops?from=1&from=2"), Code.INVALID_PARAMETER, "from is given 2 times");
        expect(get("/api/docs/abc/ops?from=0"), Code.INVALID_PARAMETER, "from must be >= 1, was 0");
        expect(get("/api/docs/abc/revisions?from=1&to=99999999999"), Code.INVALID_PARAMETER,
                "to must be an integer, was \"99999999999\"");
        expect(get("/api/docs/abc/revisions/-1"), Code.INVALID_PARAMETER, "revision must be >= 0, was -1");
        expect(get("/api/docs/abc/chat?limit=500"), Code.INVALID_PARAMETER, "limit must be between 1 and 200, was 500");
        expect(get("/api/docs/abc/timeline?x=%27"), Code.INVALID_PARAMETER,
                "unknown parameter \"x\" of /api/docs/{docId}/timeline, which takes none");
        expect(get("/api/docs/abc/ops?from=1&to=2%27%20or%201=1"), Code.INVALID_PARAMETER,
                "to must be an integer, was \"2' or 1=1\"");
        expect(get("/api/docs/abc/zzz"), Code.NOT_FOUND, "no history resource \"/api/docs/{docId}/zzz\"; there are"
                + " /api/docs/{docId} and its /revisions/{revision}, /authorship, /ops, /revisions, /timeline,"
                + " /chat, /versions");
        assertNoErrorLoggedSince(mark);
    }

    @Test
    void whatTheHttpLayerRefusesIsAnsweredAsTheApiDoes() {
        long mark = logMark();
        // an invalid %-escape is refused by Vert.x's HTTP server itself, before any handler: 400, no body
        assertThat(get("/api/docs/%zz").status()).isEqualTo(400);
        assertThat(get("/api/docs/abc/ops?from=%zz").status()).isEqualTo(400);
        expect(get("/api/nothing"), Code.NOT_FOUND, "no resource \"/api/nothing\"; the API has " + ROUTES);
        expect(get("/api"), Code.NOT_FOUND, "no resource \"/api\"; the API has " + ROUTES);

        RawHttp.Answer put = send("PUT", "/api/docs", Map.of());
        expect(put, Code.METHOD_NOT_ALLOWED, "PUT is not allowed on \"/api/docs\"; allowed: POST");
        assertThat(put.header("Allow")).isEqualTo("POST");
        RawHttp.Answer delete = send("DELETE", "/api/docs/abc", Map.of());
        expect(delete, Code.METHOD_NOT_ALLOWED, "DELETE is not allowed on \"/api/docs/abc\"; allowed: GET");
        assertThat(delete.header("Allow")).isEqualTo("GET");
        expect(send("PATCH", "/api/nothing", Map.of()), Code.NOT_FOUND,
                "no resource \"/api/nothing\"; the API has " + ROUTES);

        expect(send("GET", "/api/docs/abc", Map.of("Accept", "text/html")), Code.NOT_ACCEPTABLE,
                "every answer of the API is application/json, and the request accepts only \"text/html\"");
        RawHttp.Answer large = send("POST", "/api/docs", Map.of("Content-Length", "20000000"));
        expect(large, Code.REQUEST_TOO_LARGE,
                "a request under /api carries at most 4096 bytes of body, this one \"20000000\"");
        expect(send("POST", "/api/docs", Map.of("Content-Length", "5000")), Code.REQUEST_TOO_LARGE,
                "a request under /api carries at most 4096 bytes of body, this one \"5000\"");

        // outside /api the HTTP layer's own answers stay
        assertThat(get("/nothing").status()).isEqualTo(404);
        assertNoErrorLoggedSince(mark);
    }

    @Test
    void writesAndWebSocketsFromForeignPagesAreRefusedAndOwnPagesAndProgramsAreNot() {
        long mark = logMark();
        for (String foreign : new String[] {"http://evil.example", "null", "http://127.0.0.1.evil.example:80",
                "https://localhost:8443"}) {
            expect(send("POST", "/api/docs", Map.of("Origin", foreign)), Code.ORIGIN_NOT_ALLOWED, "pages from \""
                    + foreign + "\" may not POST to the API on this gateway; " + ALLOWED);
            expect(RawHttp.handshake(system.gateway1.httpPort(), "/ws/docs/abc", Map.of("Origin", foreign)),
                    Code.ORIGIN_NOT_ALLOWED, "pages from \"" + foreign + "\" may not open a WebSocket on this"
                            + " gateway; " + ALLOWED);
        }
        // the gateway's own origin: host and port of the Host header, whatever the name (a proxy, --listen 0.0.0.0)
        assertThat(send("POST", "/api/docs", Map.of("Host", "tandem.example:8443",
                "Origin", "http://tandem.example:8443")).status()).isEqualTo(201);
        assertThat(send("POST", "/api/docs", Map.of("Host", "Tandem.Example",
                "Origin", "https://tandem.example")).status()).isEqualTo(201);
        assertThat(RawHttp.handshake(system.gateway1.httpPort(), "/ws/docs/abc", Map.of("Host", "tandem.example",
                "Origin", "http://tandem.example")).status()).isEqualTo(101);
        expect(send("POST", "/api/docs", Map.of("Host", "tandem.example:8443", "Origin", "http://tandem.example")),
                Code.ORIGIN_NOT_ALLOWED, "pages from \"http://tandem.example\" may not POST to the API on this"
                        + " gateway; " + ALLOWED);
        // development origins, and programs that send no Origin at all
        assertThat(send("POST", "/api/docs", Map.of("Origin", "http://localhost:5173")).status()).isEqualTo(201);
        assertThat(RawHttp.handshake(system.gateway1.httpPort(), "/ws/docs/abc",
                Map.of("Origin", "http://127.0.0.1:8088")).status()).isEqualTo(101);
        assertThat(send("POST", "/api/docs", Map.of()).status()).isEqualTo(201);
        assertThat(RawHttp.handshake(system.gateway1.httpPort(), "/ws/docs/abc", Map.of()).status()).isEqualTo(101);
        // a GET from anywhere still runs (it changes nothing); only allowed origins may read it
        Created doc = create(system.gateway1);
        RawHttp.Answer foreignRead = send("GET", "/api/links/" + doc.docId(), Map.of("Origin", "http://evil.example"));
        assertThat(foreignRead.status()).isEqualTo(200);
        assertThat(foreignRead.header("Access-Control-Allow-Origin")).isNull();
        RawHttp.Answer devRead = send("GET", "/api/links/" + doc.docId(), Map.of("Origin", "http://localhost:5173"));
        assertThat(devRead.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
        assertThat(devRead.header("Vary")).isEqualToIgnoringCase("Origin");
        assertNoErrorLoggedSince(mark);
    }

    @Test
    void corsPreflightsAreAnsweredForAllowedOriginsOnly() {
        RawHttp.Answer allowed = send("OPTIONS", "/api/docs", Map.of("Origin", "http://localhost:5173",
                "Access-Control-Request-Method", "POST"));
        assertThat(allowed.status()).isEqualTo(204);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
        assertThat(allowed.header("Access-Control-Allow-Methods")).isEqualTo("GET, POST, OPTIONS");
        assertThat(allowed.header("Access-Control-Allow-Headers")).isEqualTo("Accept, Content-Type");
        RawHttp.Answer refused = send("OPTIONS", "/api/docs", Map.of("Origin", "http://evil.example",
                "Access-Control-Request-Method", "POST"));
        expect(refused, Code.ORIGIN_NOT_ALLOWED, "pages from \"http://evil.example\" may not ask for cross-origin"
                + " access to the API on this gateway; " + ALLOWED);
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    }

    private static RawHttp.Answer get(String target) {
        return send("GET", target, Map.of());
    }

    private static RawHttp.Answer send(String method, String target, Map<String, String> headers) {
        return RawHttp.send(system.gateway1.httpPort(), method, target, headers);
    }

    private static void expect(RawHttp.Answer answer, Code code, String message) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(code.status());
        assertThat(answer.header("Content-Type")).as(answer.toString()).isEqualTo("application/json");
        assertThat(answer.body()).isEqualTo(TandemSystem.write(new HistoryError(code, message)));
    }

    private static long logMark() {
        try {
            return Files.size(system.gateway1.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client's mistakes are not the gateway's errors: nothing at ERROR in its log since {@code mark}. */
    private static void assertNoErrorLoggedSince(long mark) {
        try (RandomAccessFile log = new RandomAccessFile(system.gateway1.log().toFile(), "r")) {
            log.seek(mark);
            byte[] added = new byte[(int) (log.length() - mark)];
            log.readFully(added);
            assertThat(new String(added, StandardCharsets.UTF_8).lines()).noneMatch(line -> line.contains(" ERROR "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
