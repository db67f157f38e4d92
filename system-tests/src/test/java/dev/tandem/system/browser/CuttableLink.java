package dev.tandem.system.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP link between a browser and the gateway that the test can cut, as a network drop would: {@link #cut()}
 * closes every connection through it (an open WebSocket breaks) and refuses new ones until {@link #restore()}.
 * {@link #muteReplies()} drops what the gateway sends while the browser's messages still arrive: a submit is
 * committed, and its ack is lost with the connection when it is cut. {@link #refuseWebSockets(boolean)} closes every
 * connection that asks for a WebSocket ({@code GET /ws/...}) and passes the rest: the page loads, its document
 * cannot be joined.
 * <p>
 * Chromium's offline emulation ({@code BrowserContext.setOffline}) refuses new connections but leaves an
 * established WebSocket open and working, so on its own it does not take a person off the network.
 */
final class CuttableLink implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(run -> {
        Thread thread = new Thread(run, "cuttable-link");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean cut;
    private volatile boolean muted;
    private volatile boolean refusingWebSockets;

    private CuttableLink(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    /** A link from a free port on 127.0.0.1 to {@code targetPort} on 127.0.0.1. */
    static CuttableLink to(int targetPort) {
        try {
            CuttableLink link = new CuttableLink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                    targetPort);
            link.threads.execute(link::accept);
            return link;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now until {@link #cut()}, nothing the gateway sends reaches the browser. */
    void muteReplies() {
        muted = true;
    }

    /** Closes every connection through the link and refuses new ones. */
    void cut() {
        cut = true;
        muted = false;
        open.forEach(CuttableLink::closeQuietly);
    }

    void restore() {
        cut = false;
    }

    /** While {@code refuse}, a connection whose first request is a WebSocket handshake is closed at once. */
    void refuseWebSockets(boolean refuse) {
        refusingWebSockets = refuse;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(server);
        threads.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                threads.execute(() -> pump(client, upstream, false));
                threads.execute(() -> pump(upstream, client, true));
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Copies one direction until either side closes, then closes both; {@code replies}: gateway to browser. */
    private void pump(Socket from, Socket to, boolean replies) {
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            boolean first = true;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (first && !replies && refusingWebSockets
                        && new String(buffer, 0, Math.min(n, 8), StandardCharsets.US_ASCII).equals("GET /ws/")) {
                    return; // closes both sides (finally)
                }
                first = false;
                if (replies && muted) {
                    continue;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // closed by the other direction or by cut()
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
