package dev.tandem.gateway.api;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.jboss.logging.Logger;

import dev.tandem.gateway.config.GatewayConfig;
import dev.tandem.gateway.ids.ReadOnlyIds;
import dev.tandem.protocol.CreatedDocument;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.history.HistoryError;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's HTTP API, so a browser talks to one origin only:
 * <ul>
 *   <li>{@code POST /api/docs}: a new document, {@link CreatedDocument} (201).</li>
 *   <li>{@code POST /api/docs/{docId}/forks}: {@link ForkRoutes}.</li>
 *   <li>{@code GET /api/links/{docId}}: the links of a document whose writable id the caller holds,
 *       {@link CreatedDocument}; 404 for a read-only id (it leads to no other link).</li>
 *   <li>{@code GET /api/docs/{docId}/**}: the snapshot service's history API, forwarded as it is (non-blocking).
 *       For a read-only id the request goes to its document and every {@code docId} in the answer is replaced by
 *       the read-only id, so a viewer can replay history without learning the id that writes.</li>
 * </ul>
 */
@ApplicationScoped
public class DocumentsRoutes {

    private static final Logger LOG = Logger.getLogger(DocumentsRoutes.class);
    private static final ObjectMapper MAPPER = TandemJson.newObjectMapper();
    private static final String JSON = "application/json";

    private final ReadOnlyIds ids;
    private final Vertx vertx;
    private final String snapshotUrl;
    private HttpClient client;

    public DocumentsRoutes(ReadOnlyIds ids, Vertx vertx, GatewayConfig config) {
        this.ids = ids;
        this.vertx = vertx;
        this.snapshotUrl = config.snapshotUrl().replaceAll("/+$", "");
    }

    void routes(@Observes Router router) {
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2000).setMaxPoolSize(32));
        router.post("/api/docs").handler(this::create);
        router.get("/api/links/:docId").handler(this::links);
        router.getWithRegex("/api/docs/([^/]+)(/.*)?").handler(this::forward);
    }

    private void create(RoutingContext ctx) {
        ReadOnlyIds.NewDocument created = ids.create();
        respond(ctx, 201, write(new CreatedDocument(created.docId(), created.readOnlyId())));
    }

    private void links(RoutingContext ctx) {
        String docId = ctx.pathParam("docId");
        try {
            HistoryRequest.checkId("docId", docId);
        } catch (HistoryRequest.Refused refused) {
            ApiErrors.send(ctx, refused.code, refused.getMessage());
            return;
        }
        Optional<String> readOnlyId = ids.readOnlyIdOf(docId);
        if (readOnlyId.isEmpty()) {
            ApiErrors.send(ctx, HistoryError.Code.UNKNOWN_DOCUMENT, "no links for " + docId
                    + ": it is not a document id made by this deployment (a read-only id leads to no other link)");
            return;
        }
        respond(ctx, 200, write(new CreatedDocument(docId, readOnlyId.get())));
    }

    private void forward(RoutingContext ctx) {
        HistoryRequest history;
        try {
            history = HistoryRequest.check(ctx.pathParam("param0"),
                    Optional.ofNullable(ctx.pathParam("param1")).orElse(""), queryOf(ctx));
        } catch (HistoryRequest.Refused refused) {
            LOG.debugf("history request %s refused: %s", ctx.request().uri(), refused.getMessage());
            ApiErrors.send(ctx, refused.code, refused.getMessage());
            return;
        }
        String id = history.id();
        Optional<ReadOnlyIds.Address> address = ids.resolve(id);
        if (address.isEmpty()) {
            ApiErrors.send(ctx, HistoryError.Code.UNKNOWN_DOCUMENT, "document " + id + " does not exist");
            return;
        }
        String docId = address.get().docId();
        String target = snapshotUrl + history.target(docId);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(target)
                .setTimeout(10_000).putHeader("Accept", JSON);
        client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> {
                    String text = body.toString();
                    if (address.get().readOnly()) {
                        text = hideDocumentId(text, docId, id);
                    }
                    String type = Optional.ofNullable(response.getHeader("Content-Type")).orElse(JSON);
                    ctx.response().setStatusCode(response.statusCode()).putHeader("Content-Type", type)
                            .end(text);
                    return null;
                }))
                .onFailure(failure -> {
                    LOG.debugf("history request %s failed: %s", target, failure.toString());
                    ApiErrors.send(ctx, HistoryError.Code.UNAVAILABLE,
                            "the snapshot service cannot be reached: " + failure.getMessage());
                });
    }

    /** {@code body} with every {@code "docId": docId} replaced by {@code alias} (non-JSON bodies unchanged). */
    static String hideDocumentId(String body, String docId, String alias) {
        try {
            JsonNode tree = MAPPER.readTree(body);
            replace(tree, docId, alias);
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return body.replace(docId, alias);
        }
    }

    private static void replace(JsonNode node, String docId, String alias) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("docId") && docId.equals(field.getValue().asText())) {
                    field.setValue(TextNode.valueOf(alias));
                } else {
                    replace(field.getValue(), docId, alias);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> replace(child, docId, alias));
        }
    }

    /** Every query parameter with every value, decoded; MALFORMED_REQUEST when the query does not decode. */
    static Map<String, List<String>> queryOf(RoutingContext ctx) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        try {
            MultiMap params = ctx.queryParams();
            params.names().forEach(name -> query.put(name, params.getAll(name)));
        } catch (IllegalArgumentException e) {
            throw new HistoryRequest.Refused(HistoryError.Code.MALFORMED_REQUEST,
                    "the query does not decode: " + ApiErrors.quote(ctx.request().query()));
        }
        return query;
    }

    private static void respond(RoutingContext ctx, int status, String json) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(Buffer.buffer(json));
    }

    private static String write(Object value) {
        return ApiErrors.write(value);
    }
}
