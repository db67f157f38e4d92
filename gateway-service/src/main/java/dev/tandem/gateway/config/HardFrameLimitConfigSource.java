package dev.tandem.gateway.config;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import dev.tandem.protocol.SizeLimits;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Derives the WebSocket hard limit from the one frame limit: {@code quarkus.websockets-next.server.max-frame-size}
 * and {@code max-message-size} are {@link SizeLimits#hardFrameBytes} of {@code tandem.limits.max-frame-bytes}, so
 * nobody sets two numbers that must agree. Its ordinal (275) is above application.properties and below the
 * environment and system properties, which may still override it.
 */
public final class HardFrameLimitConfigSource implements ConfigSourceFactory {

    static final String FRAME_LIMIT = "tandem.limits.max-frame-bytes";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue value = context.getValue(FRAME_LIMIT);
        int frame = value == null || value.getValue() == null
                ? SizeLimits.DEFAULT_MAX_FRAME_BYTES : Integer.parseInt(value.getValue().trim());
        String hard = String.valueOf(SizeLimits.hardFrameBytes(frame));
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.websockets-next.server.max-frame-size", hard,
                "quarkus.websockets-next.server.max-message-size", hard), "tandem-hard-frame-limit", 275));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }
}
