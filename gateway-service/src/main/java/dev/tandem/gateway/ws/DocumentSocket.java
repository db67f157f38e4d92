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
        sessions.open(connection.id(), connection.pathParam("docId"), new ConnectionOutbound(connection));
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
