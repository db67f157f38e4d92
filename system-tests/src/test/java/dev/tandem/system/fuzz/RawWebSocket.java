package dev.tandem.system.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal RFC 6455 WebSocket client over a plain socket, for hostile input: it sends any bytes as a text frame
 * (invalid UTF-8 included, which java.net.http cannot), any opcode, fragmented or not, of any declared length,
 * to any raw request path. A reader thread turns the server's frames into {@link Event}s (answering pings), so a
 * close the server sends while a large frame is still being written is not lost.
 */
final class RawWebSocket implements AutoCloseable {
    static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;
    private static final SecureRandom KEYS = new SecureRandom();
    private static final int WRITE_CHUNK = 64 << 10;

    /** What the server did. */
    sealed interface Event permits Text, Closed, Ended {
    }

    /** A whole text message (fragments joined), decoded as UTF-8. */
    record Text(String text) implements Event {
    }

    /** A close frame: its code (1005 when it carried none) and reason. */
    record Closed(int code, String reason) implements Event {
    }

    /** The TCP connection ended without a close frame (EOF or reset). */
    record Ended(String why) implements Event {
    }

    /** One decoded frame. */
    record Frame(boolean fin, int opcode, byte[] payload) {
    }

    /** The upgrade was answered with something other than 101. */
    static final class UpgradeRefused extends IOException {
        final int status;

        UpgradeRefused(int status, String head) {
            super("upgrade refused with " + status + ": " + head);
            this.status = status;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Random masks;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean writeFailed;

    private RawWebSocket(Socket socket, InputStream in, Random masks) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.masks = masks;
        Thread reader = new Thread(this::readLoop, "raw-ws-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects and upgrades {@code rawPath} (sent exactly as given); throws {@link UpgradeRefused} if not 101. */
    static RawWebSocket connect(String host, int port, String rawPath, Random masks) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000); // for the handshake only
            String key = Base64.getEncoder().encodeToString(KEYS.generateSeed(16));
            String request = "GET " + rawPath + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String head = RawHttp.readHead(in);
            int status = RawHttp.status(head);
            if (status != 101) {
                throw new UpgradeRefused(status, head.lines().findFirst().orElse(""));
            }
            socket.setSoTimeout(0);
            return new RawWebSocket(socket, in, masks);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** One whole text frame of these bytes (not checked: invalid UTF-8 goes out as it is). */
    void sendText(byte[] payload) {
        send(TEXT, true, payload);
    }

    void sendText(String text) {
        sendText(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One frame, masked as a client must; a failed write (the server closed) is remembered, not thrown. */
    void send(int opcode, boolean fin, byte[] payload) {
        byte[] mask = new byte[4];
        masks.nextBytes(mask);
        byte[] frame = encode(opcode, fin, payload, mask);
        try {
            synchronized (out) {
                for (int at = 0; at < frame.length; at += WRITE_CHUNK) {
                    out.write(frame, at, Math.min(WRITE_CHUNK, frame.length - at));
                }
                out.flush();
            }
        } catch (IOException e) {
            writeFailed = true;
        }
    }

    /** The next event, or null if none came within {@code timeout}. */
    Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean writeFailed() {
        return writeFailed;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void readLoop() {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                Frame frame = decode(in);
                switch (frame.opcode()) {
                    case PING -> send(PONG, true, frame.payload());
                    case PONG -> { }
                    case CLOSE -> {
                        events.add(closed(frame.payload()));
                        return;
                    }
                    default -> {
                        message.write(frame.payload());
                        if (frame.fin()) {
                            events.add(new Text(message.toString(StandardCharsets.UTF_8)));
                            message.reset();
                        }
                    }
                }
            }
        } catch (IOException e) {
            events.add(new Ended(e.toString()));
        }
    }

    // ---- framing (RFC 6455 section 5.2) -------------------------------------------------------------------------

    /** A frame as a client sends it: masked with {@code mask} (4 bytes). */
    static byte[] encode(int opcode, boolean fin, byte[] payload, byte[] mask) {
        int length = payload.length;
        int header = 2 + (length < 126 ? 0 : length <= 0xFFFF ? 2 : 8) + 4;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) ((fin ? 0x80 : 0) | (opcode & 0x0F));
        int at = 2;
        if (length < 126) {
            frame[1] = (byte) (0x80 | length);
        } else if (length <= 0xFFFF) {
            frame[1] = (byte) (0x80 | 126);
            frame[at++] = (byte) (length >>> 8);
            frame[at++] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame[at++] = (byte) ((long) length >>> shift);
            }
        }
        System.arraycopy(mask, 0, frame, at, 4);
        at += 4;
        for (int i = 0; i < length; i++) {
            frame[at + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }

    /** Reads one frame (a server's are unmasked, but a mask is honoured). */
    static Frame decode(InputStream in) throws IOException {
        int b0 = read(in);
        int b1 = read(in);
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (read(in) << 8) | read(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | read(in);
            }
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("frame of " + length + " bytes");
        }
        byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : null;
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("frame cut short");
        }
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
    }

    /** A close frame's payload: a two-byte code and a UTF-8 reason; no payload means 1005 (no status). */
    static Closed closed(byte[] payload) {
        if (payload.length < 2) {
            return new Closed(1005, "");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        return new Closed(code, new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
    }

    private static int read(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection ended");
        }
        return b;
    }
}
