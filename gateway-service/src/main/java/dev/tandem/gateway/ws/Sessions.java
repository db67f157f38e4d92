package dev.tandem.gateway.ws;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tandem.gateway.config.GatewayConfig;
import dev.tandem.gateway.config.SharedLimitsConfig;
import dev.tandem.gateway.document.DocumentHub;
import dev.tandem.gateway.document.JoinRefusedException;
import dev.tandem.gateway.ids.ReadOnlyIds;
import dev.tandem.gateway.kafka.GatewayPublisher;
import dev.tandem.gateway.kafka.OpsConsumer;
import dev.tandem.gateway.observe.ClientErrors;
import dev.tandem.gateway.observe.DocumentLatencies;
import dev.tandem.gateway.session.DocumentSession;
import dev.tandem.gateway.session.Outbound;
import dev.tandem.gateway.session.SessionEnvironment;
import dev.tandem.gateway.session.SessionLimits;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.PresenceUpdate;
import dev.tandem.protocol.ServerMessage;
import dev.tandem.protocol.TandemJson;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The open connections of this gateway, what they need from it ({@link SessionEnvironment}), and the
 * housekeeping that runs beside them: join and idle timeouts, presence refresh and expiry, unloading idle
 * documents.
 */
@ApplicationScoped
public class Sessions implements SessionEnvironment {

    private static final Logger LOG = Logger.getLogger(Sessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The period of the client-error summary in the log: one line per remote address at most this often. */
    private static final long ABUSE_SUMMARY_SECONDS = 60;
    /** Per-document ack latency: the interval over which the worst documents are found, and when they are logged. */
    private static final long LATENCY_INTERVAL_SECONDS = 15;
    private static final double SLOW_DOCUMENT_SECONDS = 0.25;

    private final Map<String, DocumentSession> open = new ConcurrentHashMap<>();
    private final GatewayConfig config;
    private final SessionLimits limits;
    private final OpsConsumer ops;
    private final GatewayPublisher publisher;
    private final ReadOnlyIds ids;
    private final Timer ackLatency;
    private final DocumentLatencies documentLatencies;
    private final ClientErrors clientErrors;
    private final ScheduledExecutorService housekeeping =
            Executors.newScheduledThreadPool(2, runnable -> {
                Thread t = new Thread(runnable, "tandem-gateway-housekeeping");
                t.setDaemon(true);
                return t;
            });

    public Sessions(GatewayConfig config, SharedLimitsConfig shared, OpsConsumer ops, GatewayPublisher publisher,
                    ReadOnlyIds ids, ClientErrors clientErrors, MeterRegistry registry) {
        this.config = config;
        this.limits = SessionLimits.of(shared.maxFrameBytes(), config.limits());
        this.clientErrors = clientErrors;
        this.ops = ops;
        this.publisher = publisher;
        this.ids = ids;
        this.ackLatency = Timer.builder("tandem.gateway.edit.ack.latency")
                .description("From a submit's arrival to its ack being sent").publishPercentileHistogram()
                .register(registry);
        this.documentLatencies = new DocumentLatencies(registry, SLOW_DOCUMENT_SECONDS);
        Gauge.builder("tandem.gateway.connections", open, Map::size)
                .description("Open WebSocket connections").register(registry);
    }

    void start(@Observes StartupEvent event) {
        housekeeping.scheduleWithFixedDelay(this::checkTimeouts, 1, 1, TimeUnit.SECONDS);
        long refresh = config.presence().refresh().toMillis();
        housekeeping.scheduleWithFixedDelay(this::refreshPresence, refresh, refresh, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(documentLatencies::rotate, LATENCY_INTERVAL_SECONDS,
                LATENCY_INTERVAL_SECONDS, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(() -> clientErrors.summarize(ABUSE_SUMMARY_SECONDS),
                ABUSE_SUMMARY_SECONDS, ABUSE_SUMMARY_SECONDS, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        for (DocumentSession session : List.copyOf(open.values())) {
            session.shutdown();
        }
        housekeeping.shutdown();
        try {
            housekeeping.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A new connection; null (after an error) when the gateway has as many as it accepts. */
    DocumentSession open(String connectionId, String pathDocId, String remoteAddress, Outbound out) {
        DocumentSession session = new DocumentSession(newSessionId(), pathDocId, remoteAddress, out, this);
        if (open.size() >= config.limits().connectionsPerGateway()) {
            out.send(TandemJson.shared().encode(new ServerMessage.Error(ErrorCode.TOO_MANY_CONNECTIONS,
                    "this gateway has " + open.size() + " connections, the most it accepts")
                    .retryAfter(limits.tooManyConnectionsRetryAfterMillis())));
            errorSent(ErrorCode.TOO_MANY_CONNECTIONS, remoteAddress, session.sessionId());
            out.close(1013, ErrorCode.TOO_MANY_CONNECTIONS.name());
            return null;
        }
        open.put(connectionId, session);
        return session;
    }

    DocumentSession get(String connectionId) {
        return open.get(connectionId);
    }

    void closed(String connectionId) {
        DocumentSession session = open.remove(connectionId);
        if (session != null) {
            session.onClose();
        }
    }

    public int count() {
        return open.size();
    }

    // ---- SessionEnvironment -------------------------------------------------------------------------------------

    @Override
    public DocumentHub hub() {
        DocumentHub hub = ops.hub();
        if (hub == null) {
            throw new JoinRefusedException(ErrorCode.UNAVAILABLE, "the gateway is starting: tandem.ops not read yet");
        }
        return hub;
    }

    @Override
    public SessionLimits limits() {
        return limits;
    }

    @Override
    public Optional<ReadOnlyIds.Address> resolve(String docId) {
        return ids.resolve(docId);
    }

    @Override
    public void publishEdit(EditSubmitted edit, Consumer<Throwable> onFailure) {
        publisher.publishEdit(edit, onFailure);
    }

    @Override
    public void publishPresence(PresenceUpdate update) {
        publisher.publishPresence(update);
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        try {
            housekeeping.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            task.run(); // shutting down: run it here
        }
    }

    @Override
    public void recordAckLatency(String docId, long nanos) {
        ackLatency.record(nanos, TimeUnit.NANOSECONDS);
        documentLatencies.record(docId, nanos);
    }

    @Override
    public void errorSent(ErrorCode code, String remoteAddress, String sessionId) {
        clientErrors.errorSent(code, remoteAddress, sessionId);
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    // ---- housekeeping -------------------------------------------------------------------------------------------

    private void checkTimeouts() {
        long now = System.currentTimeMillis();
        for (DocumentSession session : open.values()) {
            try {
                session.checkTimeouts(now);
            } catch (RuntimeException e) {
                LOG.warn("timeout check failed", e);
            }
        }
    }

    private void refreshPresence() {
        for (DocumentSession session : open.values()) {
            try {
                session.refreshPresence();
            } catch (RuntimeException e) {
                LOG.warn("presence refresh failed", e);
            }
        }
    }

    private void expire() {
        DocumentHub hub = ops.hub();
        if (hub == null) {
            return;
        }
        try {
            hub.expirePresence(java.time.Instant.now().minus(config.presence().expiry()));
            hub.router().unloadIdle(System.currentTimeMillis() - config.memory().idleDocumentTimeout().toMillis());
        } catch (RuntimeException e) {
            LOG.warn("presence expiry failed", e);
        }
    }

    private static String newSessionId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "s-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
