package dev.tandem.gateway.api;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

import dev.tandem.gateway.config.GatewayConfig;
import dev.tandem.gateway.config.SharedLimitsConfig;
import dev.tandem.gateway.ids.ReadOnlyIds;
import dev.tandem.gateway.kafka.GatewayPublisher;
import dev.tandem.protocol.CreatedFork;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ForkOrigin;
import dev.tandem.protocol.ForkedFrom;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SizeLimits;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.HistoryError.Code;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/docs/{docId}/forks?revision=R}: a new document whose revision 1 is the text and language of
 * {@code docId} at {@code R}, with a pointer back. The origin's history is not copied: the fork's starts there.
 * Non-blocking, in four steps: read the origin at {@code R} from the snapshot service; make a new id; submit one
 * {@link ForkOrigin} edit as the new document's first edit (through tandem.edits and the sequencer, like any edit:
 * the log stays the one source of truth); and answer {@link CreatedFork} (201) once the snapshot service holds
 * the new document, so the link it answers opens the fork's text at once. A read-only id may not fork
 * ({@code READ_ONLY}, 403): forking is writing.
 */
@ApplicationScoped
public class ForkRoutes {
    private static final Logger LOG = Logger.getLogger(ForkRoutes.class);
    private static final ObjectMapper MAPPER = TandemJson.newObjectMapper();
    private static final String JSON = "application/json";
    /** How long the answer waits for the snapshot service to hold the fork's first revision. */
    private static final long FOLD_TIMEOUT_MS = 15_000;
    private static final long POLL_MS = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ReadOnlyIds ids;
    private final Vertx vertx;
    private final GatewayPublisher publisher;
    private final String snapshotUrl;
    private final int maxRecordBytes;
    private HttpClient client;

    public ForkRoutes(ReadOnlyIds ids, Vertx vertx, GatewayPublisher publisher, GatewayConfig config,
                      SharedLimitsConfig limits) {
        this.ids = ids;
        this.vertx = vertx;
        this.publisher = publisher;
        this.snapshotUrl = config.snapshotUrl().replaceAll("/+$", "");
        this.maxRecordBytes = SizeLimits.maxRecordValueBytes(limits.maxFrameBytes());
    }

    void routes(@Observes Router router) {
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2000).setMaxPoolSize(8));
        router.post("/api/docs/:docId/forks").handler(this::fork);
    }

    private void fork(RoutingContext ctx) {
        ForkRequest request;
        try {
            request = ForkRequest.check(ctx.pathParam("docId"), DocumentsRoutes.queryOf(ctx));
        } catch (HistoryRequest.Refused refused) {
            LOG.debugf("fork %s refused: %s", ctx.request().uri(), refused.getMessage());
            ApiErrors.send(ctx, refused.code, refused.getMessage());
            return;
        }
        Optional<ReadOnlyIds.Address> address = ids.resolve(request.id());
        if (address.isEmpty()) {
            ApiErrors.send(ctx, Code.UNKNOWN_DOCUMENT, "document " + request.id() + " does not exist");
            return;
        }
        if (address.get().readOnly()) {
            ApiErrors.send(ctx, Code.READ_ONLY, "document " + request.id() + " is a read-only link: it cannot be"
                    + " forked (forking writes a new document); fork it from its editable link");
            return;
        }
        String origin = address.get().docId();
        get("/api/docs/" + origin + "/revisions/" + request.revision()).onComplete(answer -> {
            if (answer.failed()) {
                unavailable(ctx, answer.cause());
            } else if (answer.result().status() != 200) {
                // the snapshot service's own refusal (UNKNOWN_DOCUMENT, REVISION_OUT_OF_RANGE): passed on as it is
                ctx.response().setStatusCode(answer.result().status()).putHeader("Content-Type", JSON)
                        .end(answer.result().body());
            } else {
                create(ctx, request, origin, answer.result().body());
            }
        });
    }

    /** Submits the fork's first edit, then answers once the snapshot service holds it. */
    private void create(RoutingContext ctx, ForkRequest request, String origin, String stateJson) {
        DocumentState state;
        try {
            state = MAPPER.readValue(stateJson, DocumentState.class);
        } catch (Exception e) {
            ApiErrors.send(ctx, Code.INTERNAL_ERROR, "the snapshot service answered the origin's revision "
                    + request.revision() + " with a body that is not a DocumentState: " + e.getMessage());
            return;
        }
        ReadOnlyIds.NewDocument created = ids.create();
        // the pointer names the origin's read-only id: a fork's link, shared, must not hand out its origin's
        ForkedFrom from = new ForkedFrom(ids.readOnlyIdOf(origin).orElse(origin), request.revision());
        ForkOrigin edit = new ForkOrigin(from, state.text(), state.language());
        Instant now = Instant.now();
        EditSubmitted submitted = new EditSubmitted(created.docId(), forkClientId(), 1, 0, edit, now,
                request.author());
        int bytes = TandemJson.shared().encodeBytes(OpCommitted.of(submitted, 1, edit, now)).length;
        if (bytes > maxRecordBytes) {
            ApiErrors.send(ctx, Code.TOO_LARGE_TO_FORK, "revision " + request.revision() + " of document "
                    + request.id() + " is " + bytes + " bytes as a first revision; the log takes at most "
                    + maxRecordBytes);
            return;
        }
        Promise<Void> folded = Promise.promise();
        Context context = vertx.getOrCreateContext();
        // the producer calls back on its own thread: the answer is written on the request's context
        publisher.publishEdit(submitted, failure -> context.runOnContext(v -> folded.tryFail(failure)));
        awaitFolded(created.docId(), System.currentTimeMillis() + FOLD_TIMEOUT_MS, folded);
        folded.future().onComplete(done -> {
            if (done.succeeded()) {
                respond(ctx, 201, ApiErrors.write(new CreatedFork(created.docId(), created.readOnlyId(), from)));
            } else {
                unavailable(ctx, done.cause());
            }
        });
    }

    /** Completes once the snapshot service answers 200 for {@code docId}, polling; fails after the deadline. */
    private void awaitFolded(String docId, long deadline, Promise<Void> folded) {
        if (folded.future().isComplete()) {
            return; // the edit was never published
        }
        get("/api/docs/" + docId).onComplete(answer -> {
            if (answer.succeeded() && answer.result().status() == 200) {
                folded.tryComplete();
            } else if (System.currentTimeMillis() > deadline) {
                folded.tryFail("the fork " + docId + " was not committed and stored within " + FOLD_TIMEOUT_MS
                        + " ms");
            } else {
                vertx.setTimer(POLL_MS, t -> awaitFolded(docId, deadline, folded));
            }
        });
    }

    private record Answer(int status, String body) {
    }

    private Future<Answer> get(String path) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(snapshotUrl + path)
                .setTimeout(10_000).putHeader("Accept", JSON);
        return client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body.toString())));
    }

    private static void unavailable(RoutingContext ctx, Throwable failure) {
        LOG.debugf("fork failed: %s", failure.toString());
        ApiErrors.send(ctx, Code.UNAVAILABLE, "the fork could not be made: " + failure.getMessage());
    }

    private static String forkClientId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "fork-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void respond(RoutingContext ctx, int status, String json) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(json);
        }
    }
}
