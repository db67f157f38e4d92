package dev.tandem.system.browser;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A web site of another origin on this machine, {@code http://localhost:<port>/}: one empty page, from which a
 * test runs scripts that talk to the gateway as a foreign page would (the browser sends its Origin).
 */
final class ForeignSite implements AutoCloseable {
    private static final byte[] PAGE = "<!doctype html><title>another site</title><p>another site</p>"
            .getBytes(StandardCharsets.UTF_8);
    private final HttpServer server;

    private ForeignSite(HttpServer server) {
        this.server = server;
    }

    static ForeignSite start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, PAGE.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(PAGE);
                }
            });
            server.start();
            return new ForeignSite(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page's address: {@code localhost}, not the gateway's {@code 127.0.0.1}, so another origin. */
    String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
