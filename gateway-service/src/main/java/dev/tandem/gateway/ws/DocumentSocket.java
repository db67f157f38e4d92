package dev.tandem.gateway.ws;

import dev.tandem.gateway.session.DocumentSession;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import org.jboss.logging.Logger;

/**
 * {@code /ws/docs/{docId}}: one connection edits one document (docs/protocol.md). A thin adapter: the rules are
 * in {@link DocumentSession}. Messages of one connection are handled one at a time, in order (SERIAL), on worker
 * threads (the methods return void), since a join may wait for the snapshot service.
 */
@WebSocket(path = "/ws/docs/{docId}")
public class DocumentSocket {

    private static final Logger LOG = Logger.getLogger(DocumentSocket.class);

    private final Sessions sessions;

    public DocumentSocket(Sessions sessions) {
        this.sessions = sessions;
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        sessions.open(connection.id(), connection.pathParam("docId"), host(connection.handshakeRequest().remoteAddress()),
                new ConnectionOutbound(connection));
    }

    /** The host of {@code host:port} ({@code [v6]:port}, or a bare host as is), for the per-address summary. */
    static String host(String address) {
        if (address == null) {
            return "unknown";
        }
        if (address.startsWith("[")) {
            int end = address.indexOf(']');
            return end > 0 ? address.substring(1, end) : address;
        }
        int colon = address.indexOf(':');
        return colon > 0 && colon == address.lastIndexOf(':') ? address.substring(0, colon) : address;
    }

    @OnTextMessage
    public void onText(String message, WebSocketConnection connection) {
        DocumentSession session = sessions.get(connection.id());
        if (session != null) {
            session.onText(message);
        }
    }

    @OnBinaryMessage
    public void onBinary(Buffer message, WebSocketConnection connection) {
        DocumentSession session = sessions.get(connection.id());
        if (session != null) {
            session.onBinary();
        }
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        sessions.closed(connection.id());
    }

    @OnError
    public void onError(WebSocketConnection connection, Throwable failure) {
        LOG.debugf("connection %s: %s", connection.id(), failure.toString());
    }
}
