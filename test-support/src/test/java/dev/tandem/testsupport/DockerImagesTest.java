package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image check that lets a Docker engine without a registry fall back to the in-process broker and the local or
 * embedded PostgreSQL at once, against a stand-in engine on a real unix socket.
 */
class DockerImagesTest {

    @TempDir
    Path dir;

    @Test
    void anEngineWithoutTheImagesIsNotUsedAndTheReasonNamesThem() {
        var statuses = Map.of(Containers.KAFKA_IMAGE, 200, Containers.POSTGRES_IMAGE, 404, DockerImages.RYUK_IMAGE, 404);
        assertThat(DockerImages.missing(List.of(Containers.KAFKA_IMAGE, Containers.POSTGRES_IMAGE,
                DockerImages.RYUK_IMAGE), statuses::get)).containsExactly(Containers.POSTGRES_IMAGE,
                DockerImages.RYUK_IMAGE);
        var decision = InfrastructureChoice.kafka(java.util.Optional.empty(),
                () -> new DockerProbe.DockerStatus(false, "a Docker engine answers, but the images [x] are not on it"));
        assertThat(decision.source()).isEqualTo(InfrastructureChoice.KafkaSource.IN_PROCESS);
        assertThat(decision.reason()).contains("the images [x] are not on it");
    }

    @Test
    void theEngineIsAskedOverItsSocketImageByImage() throws Exception {
        Path socket = dir.resolve("docker.sock");
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            var engine = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (var client = server.accept()) {
                        var request = ByteBuffer.allocate(512);
                        client.read(request);
                        String line = new String(request.array(), 0, request.position(), StandardCharsets.US_ASCII);
                        String status = line.startsWith("GET /images/apache/kafka:4.1.1/json ") ? "200 OK"
                                : "404 Not Found";
                        client.write(ByteBuffer.wrap(("HTTP/1.0 " + status + "\r\n\r\n{}")
                                .getBytes(StandardCharsets.US_ASCII)));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            engine.start();
            assertThat(DockerImages.inspect(socket, "apache/kafka:4.1.1")).isEqualTo(200);
            assertThat(DockerImages.inspect(socket, "postgres:15-alpine")).isEqualTo(404);
            engine.join(5000);
        }
        assertThat(DockerImages.inspect(dir.resolve("absent.sock"), "x")).isEqualTo(-1);
    }
}
