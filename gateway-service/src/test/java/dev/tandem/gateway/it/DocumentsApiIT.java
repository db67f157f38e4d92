package dev.tandem.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.testsupport.ws.TandemTestClient;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.HistoryError;
import dev.tandem.protocol.history.OpPage;
import dev.tandem.testsupport.ServiceProcess;

/** The gateway's HTTP side: document creation and links, the history proxy, health, metrics, the browser app. */
class DocumentsApiIT {

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
}
