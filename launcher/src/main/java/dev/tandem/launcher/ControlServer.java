package dev.tandem.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The supervisor's control port, on 127.0.0.1 only (a free port, published in {@code run.json}): {@code GET /status}
 * (the {@link RunState} as JSON), {@code POST /restart?name=gateway-1}, {@code POST /rebuild-read-side},
 * {@code POST /stop}. It is how {@code ./tandem
 * restart} and {@code ./tandem down} in another terminal reach a running {@code ./tandem up}.
 */
final class ControlServer implements AutoCloseable {

    private final HttpServer server;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile Callable<String> rebuildReadSide;

    ControlServer(Supervisor supervisor) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            var t = new Thread(r, "tandem-control");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/status", exchange -> {
            respond(exchange, 200, RunState.toJson(supervisor.state()));
        });
        server.createContext("/restart", exchange -> {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "POST only");
                return;
            }
            String query = exchange.getRequestURI().getQuery();
            String name = query != null && query.startsWith("name=") ? query.substring(5) : "";
            if (!supervisor.supervises(name)) {
                respond(exchange, 404, "no process named '" + name + "'; see ./tandem status");
                return;
            }
            respond(exchange, 202, "restarting " + name);
            supervisor.restart(name);
        });
        server.createContext("/rebuild-read-side", exchange -> {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "POST only");
                return;
            }
            if (rebuildReadSide == null) {
                respond(exchange, 409, "the run is still starting");
                return;
            }
            try {
                respond(exchange, 200, rebuildReadSide.call());
            } catch (Exception e) {
                respond(exchange, 500, "the rebuild failed: " + e);
            }
        });
        server.createContext("/stop", exchange -> {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "POST only");
                return;
            }
            respond(exchange, 202, "stopping");
            stopRequested.countDown();
        });
        server.start();
    }

    /** What {@code POST /rebuild-read-side} runs, once the run is up (it answers when the rebuild is done). */
    void onRebuildReadSide(Callable<String> rebuild) {
        this.rebuildReadSide = rebuild;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Blocks until someone asks the run to stop. */
    void awaitStopRequest() throws InterruptedException {
        stopRequested.await();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
