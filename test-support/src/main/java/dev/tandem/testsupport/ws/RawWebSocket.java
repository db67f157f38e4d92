package dev.tandem.testsupport.ws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket client that sends exactly the bytes it is told to (RFC 6455 framing over a plain socket): frames of
 * any size, fragments, text frames that are not UTF-8. For the hostile cases a well-behaved client library refuses
 * to produce. Received text messages and the close code are recorded by a reader thread.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CONTINUATION = 0;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final OutputStream out;
    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesSent = new AtomicLong();
    private volatile Integer closeCode;
    private volatile boolean ended;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Opens {@code ws://host:port/path} and completes the handshake. */
    public static RawWebSocket connect(String host, int port, String path) {
        try {
            Socket socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            RawWebSocket ws = new RawWebSocket(socket);
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
            ws.out.flush();
            InputStream in = socket.getInputStream();
            String status = readHeaders(in);
            if (!status.startsWith("HTTP/1.1 101")) {
                socket.close();
                throw new IllegalStateException("no upgrade: " + status);
            }
            Thread reader = new Thread(() -> ws.read(new DataInputStream(in)), "raw-ws-reader");
            reader.setDaemon(true);
            reader.start();
            return ws;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one frame; false if the connection broke while sending (the server may have closed it). */
    public boolean sendFrame(int opcode, boolean fin, byte[] payload) {
        return sendFrame(opcode, fin, payload.length, payload, 0);
    }

    /**
     * Sends one frame of {@code length} bytes, its payload {@code fill} repeated (or {@code payload} when given),
     * written in chunks so that a server that closes early stops it; false if the connection broke meanwhile.
     */
    public boolean sendFrame(int opcode, boolean fin, long length, byte[] payload, int fill) {
        try {
            byte[] mask = new byte[4];
            RANDOM.nextBytes(mask);
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            header.write((fin ? 0x80 : 0) | opcode);
            if (length < 126) {
                header.write(0x80 | (int) length);
            } else if (length < 65536) {
                header.write(0x80 | 126);
                header.write((int) (length >>> 8) & 0xFF);
                header.write((int) length & 0xFF);
            } else {
                header.write(0x80 | 127);
                for (int i = 7; i >= 0; i--) {
                    header.write((int) (length >>> (8 * i)) & 0xFF);
                }
            }
            header.write(mask);
            synchronized (out) {
                out.write(header.toByteArray());
                byte[] chunk = new byte[64 * 1024];
                long sent = 0;
                while (sent < length) {
                    int n = (int) Math.min(chunk.length, length - sent);
                    for (int i = 0; i < n; i++) {
                        long at = sent + i;
                        byte b = payload != null ? payload[(int) at] : (byte) fill;
                        chunk[i] = (byte) (b ^ mask[(int) (at & 3)]);
                    }
                    out.write(chunk, 0, n);
                    sent += n;
                    bytesSent.addAndGet(n);
                }
                out.flush();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends a whole text message as one frame. */
    public boolean sendText(String text) {
        return sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The text messages received (each one frame: the gateway never fragments). */
    public List<String> texts() {
        return texts;
    }

    /** The close code the server sent, or null. */
    public Integer closeCode() {
        return closeCode;
    }

    /** Whether the server closed the connection (with a close frame, or by ending the TCP stream). */
    public boolean isClosed() {
        return ended || closeCode != null;
    }

    /** Payload bytes written so far. */
    public long bytesSent() {
        return bytesSent.get();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void read(DataInputStream in) {
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length]; // the server never masks
                in.readFully(payload);
                int opcode = b0 & 0x0F;
                if (opcode == TEXT) {
                    texts.add(new String(payload, StandardCharsets.UTF_8));
                } else if (opcode == 8) {
                    closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    return;
                }
            }
        } catch (IOException e) {
            // the stream ended
        } finally {
            ended = true;
        }
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the server closed during the handshake: " + head);
            }
            head.append((char) c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString();
    }
}
