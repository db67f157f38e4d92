package dev.tandem.testsupport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Whether the images Testcontainers would need are on the local Docker engine, asked over its socket with one HTTP
 * request per image ({@code GET /images/{name}/json}: 200 present, 404 absent). A Docker engine without a registry
 * (an air-gapped laptop, these build machines) answers, but every pull fails only after Testcontainers' retries: this
 * check makes that a fast, stated fall-back instead.
 */
final class DockerImages {

    /** Testcontainers' resource reaper, started with the first container. */
    static final String RYUK_IMAGE = "testcontainers/ryuk:0.13.0";
    static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    private DockerImages() {
    }

    /** The images of {@code wanted} that {@code status} (an HTTP status per image) says are absent. */
    static List<String> missing(List<String> wanted, Function<String, Integer> status) {
        return wanted.stream().filter(image -> status.apply(image) != 200).toList();
    }

    /** GET /images/{image}/json over the engine's unix socket; the HTTP status, or -1 if nothing answers. */
    static int inspect(Path socket, String image) {
        if (!Files.exists(socket)) {
            return -1;
        }
        try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            String request = "GET /images/" + URLEncoder.encode(image, StandardCharsets.UTF_8).replace("%2F", "/")
                    .replace("%3A", ":") + "/json HTTP/1.0\r\nHost: docker\r\n\r\n";
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(64);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                String head = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
                int eol = head.indexOf("\r\n");
                if (eol > 0) {
                    return Integer.parseInt(head.substring(0, eol).split(" ")[1]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
