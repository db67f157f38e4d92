package dev.tandem.testsupport.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.tandem.ot.Ot;
import dev.tandem.ot.OtClient;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ClientMessage;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.Participant;
import dev.tandem.protocol.Selection;
import dev.tandem.protocol.ServerMessage;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.TextEdit;

/**
 * A WebSocket client of the Tandem protocol that implements its client algorithm (docs/protocol.md, section 5)
 * with ot-core's {@link OtClient}: text edits applied locally at once, one submit in flight, later edits composed
 * into a buffer, remote revisions transformed against both; reconnecting with {@code knownRevision} and resending
 * the in-flight edit with its clientSeq; remote selections moved through every op applied. It also records what
 * a test checks: every revision in order (a gap or a repeat is a {@link #violations() violation}), every ack by
 * clientSeq, every error.
 *
 * <p>Thread-safe: the socket's listener and the test's threads share one lock. Uses java.net.http, so it runs in
 * any JVM (no Quarkus needed).
 */
public final class TandemTestClient implements AutoCloseable {

    private static final TandemJson JSON = TandemJson.shared();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String baseUri;
    private final String docId;
    private final String name;
    private final String color;
    private String clientId;

    private WebSocket socket;
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private boolean connected;
    private boolean joined;
    private boolean readOnly;
    private Integer closeCode;

    private String text = "";
    private String language = "plaintext";
    private OtClient ot;
    private long nextClientSeq = 1;
    private long inFlightSeq;
    private boolean hasDocument;

    private final Map<Long, Integer> acks = new LinkedHashMap<>();
    private final List<Long> submitted = new ArrayList<>();
    private final List<ServerMessage.Error> errors = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<ServerMessage> received = new CopyOnWriteArrayList<>();
    private final Map<String, Participant> remote = new HashMap<>();
    private final List<String> left = new CopyOnWriteArrayList<>();
    private int committedSeen;
    private boolean keepReceived = true;
    private boolean batches;
    private int framesReceived;
    private int batchesReceived;
    private Observer observer = new Observer() { };

    /**
     * What a benchmark watches, called under the client's lock: a submit just before it is sent, a server message
     * just after it has been applied. Callbacks must be quick and must not call back into the client.
     */
    public interface Observer {
        default void submitted(long clientSeq) {
        }

        default void received(ServerMessage message) {
        }
    }

    public TandemTestClient(String baseUri, String docId, String name, String color) {
        this.baseUri = baseUri.replaceAll("/+$", "");
        this.docId = docId;
        this.name = name;
        this.color = color;
        this.clientId = newClientId();
    }

    /** Sets the one {@link Observer}. */
    public synchronized TandemTestClient observe(Observer observer) {
        this.observer = observer;
        return this;
    }

    /**
     * Stops keeping every server message for {@link #received()}: a long benchmark run would otherwise copy an
     * ever longer list on each message.
     */
    public synchronized TandemTestClient withoutMessageLog() {
        this.keepReceived = false;
        received.clear();
        return this;
    }

    /** Joins with {@code batches} (docs/protocol.md, section 3): the gateway may send arrays of messages. */
    public synchronized TandemTestClient withBatches() {
        this.batches = true;
        return this;
    }

    /** ws://host:port of a gateway. */
    public static TandemTestClient of(String gatewayWsBase, String docId, String name) {
        String color = String.format("#%06x", RANDOM.nextInt(0x1000000));
        return new TandemTestClient(gatewayWsBase, docId, name, color);
    }

    // ---- connection ---------------------------------------------------------------------------------------------

    /** Opens the socket and joins: without knownRevision the first time, with it (and a resend) afterwards. */
    public TandemTestClient connect() {
        open();
        ClientMessage.Join join;
        synchronized (this) {
            join = new ClientMessage.Join(docId, clientId, name, color,
                    hasDocument ? OptionalInt.of(ot.revision()) : OptionalInt.empty(), batches);
        }
        sendRaw(JSON.encode(join));
        return this;
    }

    /** Opens the socket only (no join). */
    public synchronized TandemTestClient open() {
        URI uri = URI.create(baseUri + "/ws/docs/" + docId);
        joined = false;
        closeCode = null;
        sendChain = CompletableFuture.completedFuture(null);
        socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
        connected = true;
        return this;
    }

    /** The gateway to connect to next time (a resume may go to any gateway). */
    public synchronized TandemTestClient moveTo(String gatewayWsBase) {
        this.baseUri = gatewayWsBase.replaceAll("/+$", "");
        return this;
    }

    /** Drops the connection without a goodbye, as a network loss would. */
    public synchronized void drop() {
        if (socket != null) {
            socket.abort();
        }
        connected = false;
        joined = false;
    }

    /** Closes normally. */
    @Override
    public synchronized void close() {
        if (socket != null && connected) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            socket.abort();
        }
        connected = false;
        joined = false;
    }

    // ---- editing ------------------------------------------------------------------------------------------------

    /** A local text edit: applied at once, sent now if nothing is in flight, else composed into the buffer. */
    public synchronized void edit(TextOperation op) {
        if (!hasDocument) {
            throw new IllegalStateException("no document yet");
        }
        text = Ot.apply(text, op);
        moveRemoteSelections(op, null);
        var toSend = ot.applyLocal(op);
        if (toSend.isPresent() && joined) {
            submit(toSend.get());
        } else if (toSend.isPresent()) {
            inFlightSeq = nextClientSeq++; // sent when the connection is back (resend)
            submitted.add(inFlightSeq);
        }
    }

    /** A local edit computed from the text as it is at this moment (atomically with respect to remote ops). */
    public synchronized void editWith(java.util.function.Function<String, TextOperation> edit) {
        edit(edit.apply(text));
    }

    public void insert(int position, String s) {
        edit(TextOperation.insert(position, s));
    }

    public void delete(int position, int count) {
        edit(TextOperation.delete(position, count));
    }

    private void submit(TextOperation op) {
        inFlightSeq = nextClientSeq++;
        submitted.add(inFlightSeq);
        observer.submitted(inFlightSeq);
        send(new ClientMessage.Submit(inFlightSeq, ot.revision(), new TextEdit(op)));
    }

    /** Sends this client's selections. */
    public synchronized void presence(List<Selection> selections) {
        send(new ClientMessage.Presence(ot.revision(), selections));
    }

    public synchronized void send(ClientMessage message) {
        sendRaw(JSON.encode(message));
    }

    /** Sends any text frame (bad input tests). */
    public synchronized void sendRaw(String frame) {
        WebSocket ws = socket;
        sendChain = sendChain.exceptionally(e -> null).thenCompose(v -> ws.sendText(frame, true));
    }

    public synchronized void sendBinary(byte[] bytes) {
        WebSocket ws = socket;
        sendChain = sendChain.exceptionally(e -> null).thenCompose(v -> ws.sendBinary(ByteBuffer.wrap(bytes), true));
    }

    // ---- receiving ----------------------------------------------------------------------------------------------

    private synchronized void onMessage(String frame) {
        framesReceived++;
        List<ServerMessage> messages;
        try {
            messages = JSON.decodeServerFrame(frame);
        } catch (RuntimeException e) {
            violations.add("undecodable server message: " + frame + " (" + e.getMessage() + ")");
            return;
        }
        if (frame.startsWith("[")) {
            batchesReceived++;
            if (!batches) {
                violations.add("a batch to a client that did not join with batches: " + frame);
            }
        }
        for (ServerMessage message : messages) {
            handle(message);
            observer.received(message);
        }
    }

    /** Text messages received, and how many of them were batches. */
    public synchronized int framesReceived() {
        return framesReceived;
    }

    public synchronized int batchesReceived() {
        return batchesReceived;
    }

    /** Applies one server message. */
    private void handle(ServerMessage message) {
        if (keepReceived) {
            received.add(message);
        }
        if (!hasDocument && !(message instanceof ServerMessage.Snapshot)) {
            // driven by hand (raw frames): only record
            if (message instanceof ServerMessage.Error e) {
                errors.add(e);
            } else if (message instanceof ServerMessage.Resumed) {
                joined = true;
            }
            return;
        }
        if (message instanceof ServerMessage.Snapshot s) {
            text = s.text();
            language = s.language();
            ot = new OtClient(s.revision());
            hasDocument = true;
            joined = true;
            readOnly = s.readOnly();
            remote.clear();
            s.present().forEach(p -> remote.put(p.clientId(), p));
        } else if (message instanceof ServerMessage.Resumed r) {
            if (r.revision() != ot.revision()) {
                violations.add("resumed at " + r.revision() + " but the client is at " + ot.revision());
            }
            joined = true;
            readOnly = r.readOnly();
            remote.clear();
            r.present().forEach(p -> remote.put(p.clientId(), p));
            ot.inFlight().ifPresent(op -> send(new ClientMessage.Submit(inFlightSeq, ot.revision(), new TextEdit(op))));
        } else if (message instanceof ServerMessage.Ack a) {
            checkNext(a.revision());
            if (ot.inFlight().isEmpty() || a.clientSeq() != inFlightSeq) {
                violations.add("ack " + a.clientSeq() + " at " + a.revision() + " but in flight is "
                        + (ot.inFlight().isPresent() ? inFlightSeq : "nothing"));
                return;
            }
            Integer before = acks.put(a.clientSeq(), a.revision());
            if (before != null) {
                violations.add("clientSeq " + a.clientSeq() + " acknowledged twice, at " + before + " and "
                        + a.revision());
            }
            var next = ot.serverAck();
            if (next.isPresent()) {
                if (joined) {
                    submit(next.get());
                } else {
                    inFlightSeq = nextClientSeq++;
                    submitted.add(inFlightSeq);
                }
            }
        } else if (message instanceof ServerMessage.Committed c) {
            checkNext(c.revision());
            committedSeen++;
            TextOperation shown = ot.applyServer(c.edit().operation());
            text = Ot.apply(text, shown);
            moveRemoteSelections(shown, c.clientId());
            language = c.edit().languageAfter(language);
        } else if (message instanceof ServerMessage.Presence p) {
            // the positions are in our revision; our document also holds our unacknowledged edits
            Participant at = p.participant();
            List<Selection> moved = at.selections();
            for (TextOperation pending : pendingOps()) {
                moved = move(moved, pending, false);
            }
            remote.put(at.clientId(), new Participant(at.clientId(), at.name(), at.color(), at.revision(), moved,
                    at.readOnly()));
        } else if (message instanceof ServerMessage.Left l) {
            remote.remove(l.clientId());
            left.add(l.clientId());
        } else if (message instanceof ServerMessage.Error e) {
            errors.add(e);
        }
    }

    private void checkNext(int revision) {
        if (revision != ot.revision() + 1) {
            violations.add("revision " + revision + " after " + ot.revision());
        }
    }

    private List<TextOperation> pendingOps() {
        List<TextOperation> pending = new ArrayList<>();
        ot.inFlight().ifPresent(pending::add);
        ot.buffer().ifPresent(pending::add);
        return pending;
    }

    private static List<Selection> move(List<Selection> selections, TextOperation op, boolean ownOp) {
        return selections.stream().map(s -> new Selection(Ot.transformPosition(s.anchor(), op, ownOp),
                Ot.transformPosition(s.head(), op, ownOp))).toList();
    }

    private void moveRemoteSelections(TextOperation op, String author) {
        remote.replaceAll((id, p) -> new Participant(p.clientId(), p.name(), p.color(), p.revision(),
                p.selections().stream().map(s -> new Selection(
                        Ot.transformPosition(s.anchor(), op, id.equals(author)),
                        Ot.transformPosition(s.head(), op, id.equals(author)))).toList(), p.readOnly()));
    }

    private synchronized void onClosed(int code) {
        connected = false;
        joined = false;
        closeCode = code;
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                onMessage(frame);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            onClosed(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            onClosed(-1);
        }
    }

    // ---- what a test looks at -----------------------------------------------------------------------------------

    public synchronized String text() {
        return text;
    }

    public synchronized String language() {
        return language;
    }

    public synchronized int revision() {
        return ot == null ? -1 : ot.revision();
    }

    public synchronized boolean isJoined() {
        return joined;
    }

    public synchronized boolean isConnected() {
        return connected;
    }

    public synchronized boolean isReadOnly() {
        return readOnly;
    }

    public synchronized Integer closeCode() {
        return closeCode;
    }

    /** Joined, nothing in flight, nothing buffered. */
    public synchronized boolean isSynchronized() {
        return joined && ot != null && ot.state() == OtClient.State.SYNCHRONIZED;
    }

    public synchronized boolean hasPending() {
        return ot != null && ot.state() != OtClient.State.SYNCHRONIZED;
    }

    public String clientId() {
        return clientId;
    }

    public String docId() {
        return docId;
    }

    public synchronized Map<Long, Integer> acks() {
        return Map.copyOf(acks);
    }

    public synchronized List<Long> submitted() {
        return List.copyOf(submitted);
    }

    public List<ServerMessage.Error> errors() {
        return List.copyOf(errors);
    }

    public boolean hasError(ErrorCode code) {
        return errors.stream().anyMatch(e -> e.code() == code);
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    public List<ServerMessage> received() {
        return List.copyOf(received);
    }

    public synchronized Map<String, Participant> remote() {
        return Map.copyOf(remote);
    }

    public List<String> left() {
        return List.copyOf(left);
    }

    public synchronized int committedSeen() {
        return committedSeen;
    }

    private static String newClientId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "c-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
