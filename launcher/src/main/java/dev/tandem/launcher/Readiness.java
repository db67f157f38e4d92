package dev.tandem.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** How the supervisor asks a process whether it serves. Every probe is bounded by a short timeout. */
public sealed interface Readiness {

    boolean probe();

    /** A Quarkus service: {@code GET /q/health/ready} answers 200 (partitions assigned, state rebuilt, caught up). */
    record Http(String url) implements Readiness {
        private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

        public static Http health(int port) {
            return new Http("http://127.0.0.1:" + port + "/q/health/ready");
        }

        @Override
        public boolean probe() {
            try {
                var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
                return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Kafka and PostgreSQL: the port accepts a connection on 127.0.0.1. */
    record Tcp(int port) implements Readiness {
        @Override
        public boolean probe() {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
