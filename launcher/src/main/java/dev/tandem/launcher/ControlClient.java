package dev.tandem.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Talks to a running supervisor's {@link ControlServer}. */
final class ControlClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The answer's status and body. */
    record Answer(int status, String body) {
    }

    private ControlClient() {
    }

    static Answer post(RunState run, String pathAndQuery) throws IOException {
        return post(run, pathAndQuery, Duration.ofSeconds(10));
    }

    static Answer post(RunState run, String pathAndQuery, Duration timeout) throws IOException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + run.controlPort() + pathAndQuery))
                .timeout(timeout).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
