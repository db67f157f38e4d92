package dev.tandem.gateway.observe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tandem.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What clients did wrong, for operators: {@code tandem_gateway_errors_total{code}} counts every error sent,
 * {@code tandem_gateway_frames_refused_total{close}} the connections closed at the WebSocket edge (1007 invalid
 * UTF-8, 1009 over the hard frame limit), and once a minute {@link #summarize} logs one line per remote address
 * that caused any (the noisiest {@value #MAX_LINES} of them, then one line for the rest), so an attack is seen
 * and the log cannot be flooded: its size depends on the number of addresses, never on the number of frames. A
 * client's mistake is never an ERROR.
 */
@ApplicationScoped
public class ClientErrors {

    private static final Logger LOG = Logger.getLogger(ClientErrors.class);
    static final int MAX_LINES = 20;
    /** Addresses tracked between two summaries; the errors of any further ones are counted together. */
    static final int MAX_ADDRESSES = 10_000;
    private static final int MAX_SESSIONS_PER_ADDRESS = 1_000;
    private static final String OTHERS = "(other addresses)";

    private final MeterRegistry registry;
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<Integer, Counter> refusedFrames = new ConcurrentHashMap<>();
    private volatile Map<String, Tally> tallies = new ConcurrentHashMap<>();

    public ClientErrors(MeterRegistry registry) {
        this.registry = registry;
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder("tandem.gateway.errors").tag("code", code.name())
                    .description("Errors sent to clients, by code").register(registry));
        }
    }

    /** An error message was sent to a connection. */
    public void errorSent(ErrorCode code, String remoteAddress, String sessionId) {
        errors.get(code).increment();
        if (code != ErrorCode.UNAVAILABLE && code != ErrorCode.INTERNAL_ERROR) { // the gateway's trouble, not theirs
            tally(remoteAddress).add(code.name(), sessionId);
        }
    }

    /** The WebSocket edge closed a connection with {@code closeCode} (without an error message, or besides one). */
    public void frameRefused(int closeCode, String remoteAddress, String connectionId) {
        refusedFrames.computeIfAbsent(closeCode, c -> Counter.builder("tandem.gateway.frames.refused")
                .tag("close", String.valueOf(c)).description("Connections closed by the WebSocket edge's frame checks")
                .register(registry)).increment();
        tally(remoteAddress).add("close " + closeCode, connectionId);
    }

    private Tally tally(String remoteAddress) {
        Map<String, Tally> current = tallies;
        Tally tally = current.get(remoteAddress);
        if (tally == null) {
            String key = current.size() >= MAX_ADDRESSES ? OTHERS : remoteAddress;
            tally = current.computeIfAbsent(key, k -> new Tally());
        }
        return tally;
    }

    /** Logs what was counted since the last call and starts again; the caller runs it once a minute. */
    public List<String> summarize(long periodSeconds) {
        Map<String, Tally> last = tallies;
        tallies = new ConcurrentHashMap<>();
        List<Map.Entry<String, Tally>> entries = new ArrayList<>(last.entrySet());
        entries.sort(Comparator.comparingLong((Map.Entry<String, Tally> e) -> e.getValue().total()).reversed());
        List<String> lines = new ArrayList<>();
        long restErrors = 0;
        for (int i = 0; i < entries.size(); i++) {
            Map.Entry<String, Tally> e = entries.get(i);
            if (i < MAX_LINES) {
                lines.add("client errors from " + e.getKey() + " in the last " + periodSeconds + " s: "
                        + e.getValue().describe());
            } else {
                restErrors += e.getValue().total();
            }
        }
        if (entries.size() > MAX_LINES) {
            lines.add("client errors from " + (entries.size() - MAX_LINES) + " more addresses in the last "
                    + periodSeconds + " s: " + restErrors + " errors");
        }
        for (String line : lines) {
            LOG.warn(line);
        }
        return lines;
    }

    /** Counts of one remote address: by code, and how many connections. */
    private static final class Tally {
        private final Map<String, AtomicLong> byCode = new ConcurrentHashMap<>();
        private final Set<String> sessions = new HashSet<>();
        private final AtomicLong total = new AtomicLong();

        void add(String code, String sessionId) {
            byCode.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
            total.incrementAndGet();
            synchronized (sessions) {
                if (sessions.size() < MAX_SESSIONS_PER_ADDRESS) {
                    sessions.add(sessionId);
                }
            }
        }

        long total() {
            return total.get();
        }

        String describe() {
            int connections;
            synchronized (sessions) {
                connections = sessions.size();
            }
            StringBuilder b = new StringBuilder().append(total()).append(" on ")
                    .append(connections >= MAX_SESSIONS_PER_ADDRESS ? "at least " : "").append(connections)
                    .append(connections == 1 ? " connection (" : " connections (");
            String sep = "";
            for (Map.Entry<String, AtomicLong> e : new TreeMap<>(byCode).entrySet()) {
                b.append(sep).append(e.getKey()).append('=').append(e.getValue().get());
                sep = ", ";
            }
            return b.append(')').toString();
        }
    }
}
