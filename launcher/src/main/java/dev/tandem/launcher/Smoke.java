package dev.tandem.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tandem.ot.TextOperation;
import dev.tandem.testsupport.ws.TandemTestClient;

/**
 * The whole system checked from outside, as a user would: create a document over HTTP, have two real WebSocket
 * clients type into it at once (random inserts and deletes), wait until both show the same text at the same
 * revision with nothing pending, and check that the read side (the history API) holds that text too. Used by
 * {@code ./tandem smoke}, by CI after {@code ./tandem up}, and by the supervision tests after each kill.
 */
public final class Smoke {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] INSERTS = {"a", "b", "é", "🌍", " ", "\n", "{}", "x"};

    /** What a run showed. */
    public record Result(String docId, int revision, String text) {
    }

    private final String httpBase;
    private final Duration timeout;

    public Smoke(String gatewayUrl, Duration timeout) {
        this.httpBase = gatewayUrl.replaceAll("/+$", "");
        this.timeout = timeout;
    }

    String wsBase() {
        return httpBase.replaceFirst("^http", "ws");
    }

    /** Waits until the gateway says it is ready. */
    public void awaitGateway() {
        until("the gateway at " + httpBase + " to be ready", () -> get("/q/health/ready").statusCode() == 200);
    }

    /** Creates a new document over HTTP and returns its id. */
    public String createDocument() throws IOException, InterruptedException {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(httpBase + "/api/docs"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /api/docs answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).get("docId").asText();
    }

    /** Two clients each make {@code edits} concurrent edits to a new document; returns once everything converged. */
    public Result twoTypists(int edits, long seed) throws Exception {
        String docId = createDocument();
        var ada = TandemTestClient.of(wsBase(), docId, "Ada").connect();
        var grace = TandemTestClient.of(wsBase(), docId, "Grace").connect();
        try {
            var clients = List.of(ada, grace);
            until("both clients to join " + docId, () -> clients.stream().allMatch(TandemTestClient::isSynchronized));
            type(clients, edits, seed);
            return converge(docId, clients);
        } finally {
            ada.close();
            grace.close();
        }
    }

    /** Waits until the clients agree (reconnecting any the server closed) and the read side holds their text. */
    public Result converge(String docId, List<TandemTestClient> clients) {
        until("the clients of " + docId + " to converge", () -> {
            for (TandemTestClient c : clients) {
                if (!c.isConnected()) {
                    reconnect(c);
                    return false;
                }
            }
            return clients.stream().allMatch(c -> c.isSynchronized() && !c.hasPending()
                    && c.revision() == clients.get(0).revision() && c.text().equals(clients.get(0).text()));
        });
        var first = clients.get(0);
        for (TandemTestClient c : clients) {
            if (!c.violations().isEmpty()) {
                throw new IllegalStateException(c.clientId() + " saw protocol violations: " + c.violations());
            }
        }
        String text = first.text();
        int revision = first.revision();
        until("the history API to show revision " + revision + " of " + docId, () -> {
            var response = get("/api/docs/" + docId);
            if (response.statusCode() != 200) {
                return false;
            }
            var state = readTree(response.body());
            return state.get("revision").asInt() == revision && state.get("text").asText().equals(text);
        });
        checkExactlyOnce(docId, clients);
        return new Result(docId, revision, text);
    }

    /**
     * Nothing lost, nothing doubled: the log's history of the document holds each edit a client sent exactly once
     * (by clientId and clientSeq), every one of them acknowledged, and nothing else.
     */
    void checkExactlyOnce(String docId, List<TandemTestClient> clients) {
        Map<String, List<Long>> committed = new HashMap<>();
        int from = 1;
        while (true) {
            var page = readTree(get("/api/docs/" + docId + "/ops?from=" + from).body());
            for (var op : page.get("ops")) {
                committed.computeIfAbsent(op.get("clientId").asText(), k -> new ArrayList<>())
                        .add(op.get("clientSeq").asLong());
            }
            if (!page.hasNonNull("next")) {
                break;
            }
            from = page.get("next").asInt();
        }
        for (TandemTestClient c : clients) {
            var sent = new TreeSet<>(c.submitted());
            var inLog = committed.getOrDefault(c.clientId(), List.of());
            if (inLog.size() != sent.size() || !sent.equals(new TreeSet<>(inLog))) {
                throw new IllegalStateException(c.clientId() + " sent edits " + sent + " but the log holds " + inLog);
            }
            if (!c.acks().keySet().equals(sent)) {
                throw new IllegalStateException(c.clientId() + " sent edits " + sent + " but was acknowledged "
                        + c.acks().keySet());
            }
        }
    }

    /** Both clients type at once, each at its own random pace; a client the server closed comes back. */
    public static void type(List<TandemTestClient> clients, int edits, long seed) throws Exception {
        ExecutorService typists = Executors.newFixedThreadPool(clients.size());
        try {
            var random = new Random(seed);
            var running = clients.stream().map(c -> {
                var r = new Random(random.nextLong());
                return typists.submit(() -> {
                    for (int i = 0; i < edits; i++) {
                        if (!c.isConnected()) {
                            reconnect(c);
                        }
                        c.editWith(text -> randomEdit(text, r));
                        pause(1 + r.nextInt(8));
                    }
                });
            }).toList();
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            typists.shutdownNow();
        }
    }

    private static void reconnect(TandemTestClient c) {
        try {
            c.connect();
        } catch (RuntimeException e) {
            // the gateway is not back yet: the next round tries again
        }
    }

    private static TextOperation randomEdit(String text, Random random) {
        int length = text.codePointCount(0, text.length());
        if (length > 20 && random.nextInt(100) < 40) {
            int at = random.nextInt(length);
            return TextOperation.delete(at, 1 + random.nextInt(Math.min(3, length - at)));
        }
        return TextOperation.insert(random.nextInt(length + 1), INSERTS[random.nextInt(INSERTS.length)]);
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(httpBase + path)).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not reachable yet: try again until the deadline
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + timeout.toSeconds() + " s waiting for " + what);
            }
            pause(200);
        }
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
