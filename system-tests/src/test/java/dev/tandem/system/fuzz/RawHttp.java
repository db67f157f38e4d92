package dev.tandem.system.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, so a request path goes out byte for byte as written ({@code a%00b},
 * {@code %2e%2e%2f}, a quote), which java.net.http's URI checks would refuse or rewrite.
 */
final class RawHttp {

    /** An answer: status, the Content-Type header (or ""), the body as UTF-8. */
    record Response(int status, String contentType, String body) {
    }

    private RawHttp() {
    }

    static Response request(String host, int port, String method, String rawPath, String extraHeaders)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(10_000);
            String request = method + " " + rawPath + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                    + "Accept: application/json\r\nConnection: close\r\n" + extraHeaders
                    + ("POST".equals(method) ? "Content-Length: 0\r\n" : "") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String contentType = header(head, "content-type");
            String length = header(head, "content-length");
            byte[] body = length.isEmpty() ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length.trim()));
            if (!length.isEmpty() || !header(head, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
                return new Response(status(head), contentType, new String(body, StandardCharsets.UTF_8));
            }
            return new Response(status(head), contentType, dechunk(new String(body, StandardCharsets.UTF_8)));
        }
    }

    /** The status line and headers, up to the empty line. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection ended in the response head: " + head);
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static int status(String head) {
        String[] parts = head.split(" ", 3);
        return parts.length < 2 ? -1 : Integer.parseInt(parts[1].trim());
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int eol = chunked.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, eol + 2, Math.min(chunked.length(), eol + 2 + size));
            at = eol + 2 + size + 2;
        }
        return body.toString();
    }
}
