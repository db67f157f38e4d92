package dev.tandem.gateway.origin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Which browser pages may open a document's WebSocket and write through the REST API (docs/protocol.md,
 * section 3). Plain Java: the rule, tested without HTTP.
 * <p>
 * A request without {@code Origin} is allowed: it comes from a program (curl, the test clients, the launcher's
 * smoke), not from a page in a browser, and nothing a browser does cross-origin lacks one (a browser always sends
 * {@code Origin} on a WebSocket handshake and on a POST, PUT, PATCH or DELETE). With one, it must match an entry:
 * <ul>
 *   <li>{@code self}: the origin's host and port are the request's {@code Host} (the page was served by this
 *       gateway, or by a proxy in front of it that passes {@code Host} on);</li>
 *   <li>{@code *}: any origin, {@code null} included;</li>
 *   <li>{@code scheme://host:*}: that scheme and host on any port (for development: {@code http://localhost:*});</li>
 *   <li>{@code scheme://host[:port]}: exactly that origin (the port defaults by scheme).</li>
 * </ul>
 * Host names compare without regard to case. {@code Origin: null} (a sandboxed frame, a {@code file:} or
 * {@code data:} page) matches {@code *} only.
 */
public final class OriginPolicy {
    /** The entry that stands for the gateway's own origin, as the {@code Host} header names it. */
    public static final String SELF = "self";

    private final List<String> allowed;

    public OriginPolicy(List<String> allowed) {
        this.allowed = allowed.stream().map(String::trim).filter(entry -> !entry.isEmpty())
                .map(entry -> entry.toLowerCase(Locale.ROOT)).toList();
        for (String entry : this.allowed) {
            if (!entry.equals(SELF) && !entry.equals("*") && Origin.parse(entry.replace(":*", "")) == null) {
                throw new IllegalArgumentException("tandem.gateway.origins.allowed: " + entry
                        + " is not self, * or scheme://host[:port|:*]");
            }
        }
    }

    /** Whether a request with this {@code Origin} header (null: none) and {@code Host} header is allowed. */
    public boolean allows(String originHeader, String hostHeader) {
        if (originHeader == null) {
            return true;
        }
        if (allowed.contains("*")) {
            return true;
        }
        Origin origin = Origin.parse(originHeader.trim().toLowerCase(Locale.ROOT));
        if (origin == null) {
            return false;
        }
        for (String entry : allowed) {
            if (entry.equals(SELF) ? origin.isHost(hostHeader) : origin.matches(entry)) {
                return true;
            }
        }
        return false;
    }

    /** The entries, as configured (lower case). */
    public List<String> allowed() {
        return allowed;
    }

    /** A serialized origin, {@code scheme://host:port}, with the port made explicit. */
    record Origin(String scheme, String host, int port) {
        static Origin parse(String text) {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme();
                if (scheme == null || uri.getHost() == null || uri.getRawUserInfo() != null
                        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
                        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    return null;
                }
                int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
                return port < 0 ? null : new Origin(scheme, uri.getHost(), port);
            } catch (URISyntaxException e) {
                return null;
            }
        }

        static int defaultPort(String scheme) {
            return switch (scheme) {
                case "http", "ws" -> 80;
                case "https", "wss" -> 443;
                default -> -1;
            };
        }

        /** Whether {@code Host} (host, or host:port; the port defaults by this origin's scheme) is this origin's. */
        boolean isHost(String hostHeader) {
            if (hostHeader == null || hostHeader.isBlank()) {
                return false;
            }
            Origin host = parse(scheme + "://" + hostHeader.trim().toLowerCase(Locale.ROOT));
            return host != null && host.host.equals(this.host) && host.port == port;
        }

        /** Whether this origin is the entry's (lower case), {@code scheme://host:*} standing for any port. */
        boolean matches(String entry) {
            if (entry.endsWith(":*")) {
                Origin any = parse(entry.substring(0, entry.length() - 2));
                return any != null && any.scheme.equals(scheme) && any.host.equals(host);
            }
            return this.equals(parse(entry));
        }
    }
}
