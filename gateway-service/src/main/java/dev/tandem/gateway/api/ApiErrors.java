package dev.tandem.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.history.HistoryError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Every error answer of the gateway's HTTP side: a {@link HistoryError} body ({@code {"code":...,"message":...}})
 * with its code's status (docs/protocol.md, section 14), so a client reads every refusal the same way.
 */
public final class ApiErrors {
    static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = TandemJson.newObjectMapper();
    private static final int QUOTED_LENGTH = 40;

    private ApiErrors() {
    }

    /** Ends the response with {@code code}'s status and a {@link HistoryError} body (unless it has ended). */
    public static void send(RoutingContext ctx, HistoryError.Code code, String message) {
        send(ctx.response(), code, message);
    }

    public static void send(HttpServerResponse response, HistoryError.Code code, String message) {
        if (!response.ended()) {
            response.setStatusCode(code.status()).putHeader("Content-Type", JSON)
                    .end(Buffer.buffer(write(new HistoryError(code, message))));
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Client input quoted for a message: JSON-style, control characters escaped, cut at 40 characters, so an
     * error never echoes a long or unprintable value back whole.
     */
    public static String quote(String raw) {
        if (raw == null) {
            return "nothing";
        }
        String cut = raw.length() > QUOTED_LENGTH ? raw.substring(0, QUOTED_LENGTH) + "..." : raw;
        StringBuilder out = new StringBuilder("\"");
        cut.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (Character.isISOControl(c) || Character.isSurrogate((char) c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.append('"').toString();
    }
}
