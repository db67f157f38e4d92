package dev.tandem.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The gateway's settings ({@code tandem.gateway.*}). The limits default to docs/protocol.md, section 12.
 */
@ConfigMapping(prefix = "tandem.gateway")
public interface GatewayConfig {

    /** Base URL of the snapshot service (documents, op history), e.g. {@code http://localhost:8082}. */
    @WithDefault("http://localhost:8082")
    String snapshotUrl();

    /** Limits per connection, document and gateway. */
    Limits limits();

    /** The in-memory state that lets joins and resumes be served without gaps. */
    Memory memory();

    /** Presence: refresh and expiry (protocol section 8 and 11). */
    PresenceSettings presence();

    /** Read-only links. */
    ReadOnly readOnly();

    /** Which browser pages may use this gateway (protocol section 3): WebSocket upgrades and REST writes. */
    Origins origins();

    interface Limits {
        /**
         * Longest document in code points. The gateway refuses a submit with DOCUMENT_TOO_LARGE when the edit
         * would certainly make the document longer (the sequencer checks exactly, with its own limit).
         */
        @WithDefault("10000000")
        int maxDocumentLength();

        /**
         * Submits per second per connection (token bucket rate). Never an error: a submit beyond the rate is held
         * (the connection's one in flight) and published when the bucket has a token again.
         */
        @WithDefault("50")
        int submitsPerSecond();

        /** Submits a connection may send in a burst. */
        @WithDefault("100")
        int submitBurst();

        /** All messages per second per connection (and the burst); beyond, RATE_LIMITED with retryAfterMs. */
        @WithDefault("200")
        int messagesPerSecond();

        /**
         * Non-fatal errors (UNKNOWN_MESSAGE_TYPE, ALREADY_COMMITTED) a connection may cause per
         * {@link #nonFatalErrorPeriod()}, in a burst or spread; one more is a fatal RATE_LIMITED.
         */
        @WithDefault("20")
        int nonFatalErrors();

        /** The period of {@link #nonFatalErrors()}. */
        @WithDefault("10s")
        Duration nonFatalErrorPeriod();

        /** The retryAfterMs of RATE_LIMITED. */
        @WithDefault("5s")
        Duration rateLimitedRetryAfter();

        /** The retryAfterMs of TOO_MANY_CONNECTIONS (a full document or gateway). */
        @WithDefault("30s")
        Duration tooManyConnectionsRetryAfter();

        /** Presence messages forwarded per second per connection; the latest of a faster stream is kept. */
        @WithDefault("20")
        int presencePerSecond();

        /**
         * Connections per document on this gateway: 500, above the 400 authors of issue 11's goal (a busy
         * document's fan-out is batched per connection, docs/protocol.md section 3).
         */
        @WithDefault("500")
        int connectionsPerDocument();

        /** Connections on this gateway. */
        @WithDefault("10000")
        int connectionsPerGateway();

        /** Most revisions a resuming client is replayed; further behind, CANNOT_RESUME. */
        @WithDefault("10000")
        int maxResumeReplay();

        /** A connection that has not joined this long after it opened is closed. */
        @WithDefault("10s")
        Duration joinTimeout();

        /** A connection silent for this long is closed (clients ping every 25 s). */
        @WithDefault("60s")
        Duration idleTimeout();

        /**
         * Messages sent to a connection and not yet written to its socket; a client that reads slower than the
         * document is edited is closed (without an error: it resumes) rather than buffered for ever.
         */
        @WithDefault("20000")
        int maxPendingSends();
    }

    interface Memory {
        /** Committed events kept per live document, to resume reconnecting clients from memory. */
        @WithDefault("1000")
        int window();

        /**
         * Committed events the ops consumer keeps per partition of tandem.ops, for documents that are not live
         * yet: a document joined for the first time starts from them plus the snapshot service.
         */
        @WithDefault("20000")
        int bufferPerPartition();

        /** At startup the ops consumer starts this far back in time, to fill that buffer. */
        @WithDefault("10m")
        Duration bufferLookback();

        /** A document nobody is connected to stays live this long (a reconnect resumes from memory). */
        @WithDefault("2m")
        Duration idleDocumentTimeout();

        /**
         * How long a join or a gap waits for the snapshot service to catch up with the log (or to answer) before
         * the client gets UNAVAILABLE (it resumes later; nothing is lost).
         */
        @WithDefault("8s")
        Duration catchUpTimeout();

        /**
         * The snapshot service's Kafka consumer group. Its committed offsets on tandem.ops say what the service
         * has stored (it commits only after its database transaction). Empty: not checked.
         */
        @WithDefault("tandem-snapshot")
        Optional<String> snapshotConsumerGroup();
    }

    interface PresenceSettings {
        /** Each live connection's presence is republished this often. */
        @WithDefault("15s")
        Duration refresh();

        /** A session not refreshed for this long is gone (its gateway crashed). */
        @WithDefault("45s")
        Duration expiry();
    }

    interface ReadOnly {
        /**
         * The key (base64, 16, 24 or 32 bytes) of the permutation that maps a document id to its read-only id and
         * back. Every gateway of a deployment uses the same key, for ever: a new key invalidates every read-only
         * link handed out (the documents themselves are untouched).
         */
        String key();
    }

    interface Origins {
        /**
         * The origins whose pages may open a WebSocket or send POST, PUT, PATCH or DELETE under {@code /api};
         * a request without {@code Origin} (not a browser) is always allowed. Entries: {@code self} (an origin
         * whose host and port are the request's {@code Host} header: the page this gateway, or a proxy passing
         * {@code Host} on, served), {@code scheme://host:port}, {@code scheme://host:*} (any port), or {@code *}
         * (any origin). Other origins get 403 ORIGIN_NOT_ALLOWED, and CORS answers name only these.
         */
        @WithDefault("self,http://localhost:*,http://127.0.0.1:*")
        List<String> allowed();
    }
}
