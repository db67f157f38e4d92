package dev.tandem.gateway.config;

import dev.tandem.protocol.SizeLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The limits every service of a deployment shares ({@code tandem.limits.*}): the gateway and the sequencer read
 * the same property, so what the edge admits always fits the records behind it ({@link SizeLimits}).
 */
@ConfigMapping(prefix = "tandem.limits")
public interface SharedLimitsConfig {

    /**
     * The largest frame a client may send, in bytes of UTF-8 ({@link SizeLimits#DEFAULT_MAX_FRAME_BYTES}):
     * larger ones up to {@link SizeLimits#hardFrameBytes} get MESSAGE_TOO_LARGE, beyond it the connection is
     * closed at once with 1009. Between 1 KiB and 64 MiB.
     */
    @WithDefault("1048576")
    int maxFrameBytes();
}
