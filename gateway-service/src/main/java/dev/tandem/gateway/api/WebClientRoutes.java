package dev.tandem.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

/**
 * The browser app (the web-client jar's {@code META-INF/resources}, which Quarkus serves as static files) under
 * its document URLs: {@code /d/{id}} is a route of the single-page app, not a file, so it answers with the app's
 * {@code index.html} and the app reads the id from the address bar.
 */
@ApplicationScoped
public class WebClientRoutes {
    private static final String INDEX = "META-INF/resources/index.html";

    private final Buffer index = Buffer.buffer(readIndex());

    void routes(@Observes Router router) {
        router.getWithRegex("/d/[A-Za-z0-9_-]{1,64}/?").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .end(index));
    }

    private static byte[] readIndex() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IllegalStateException(INDEX + " is not on the classpath: the web-client jar is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
