package dev.tandem.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Iterator;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

class HardFrameLimitConfigSourceTest {

    @Test
    void theWebSocketLimitsAreTheFrameLimitPlus64KiB() {
        ConfigSource source = only(new HardFrameLimitConfigSource().getConfigSources(context("262144")));
        assertThat(source.getValue("quarkus.websockets-next.server.max-frame-size")).isEqualTo("327680");
        assertThat(source.getValue("quarkus.websockets-next.server.max-message-size")).isEqualTo("327680");
    }

    @Test
    void withoutTheSettingTheDefaultOf1MiB() {
        ConfigSource source = only(new HardFrameLimitConfigSource().getConfigSources(context(null)));
        assertThat(source.getValue("quarkus.websockets-next.server.max-frame-size")).isEqualTo("1114112");
    }

    private static ConfigSource only(Iterable<ConfigSource> sources) {
        Iterator<ConfigSource> it = sources.iterator();
        ConfigSource source = it.next();
        assertThat(it.hasNext()).isFalse();
        return source;
    }

    private static ConfigSourceContext context(String frameLimit) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                return frameLimit == null || !name.equals(HardFrameLimitConfigSource.FRAME_LIMIT) ? null
                        : ConfigValue.builder().withName(name).withValue(frameLimit).build();
            }

            @Override
            public Iterator<String> iterateNames() {
                return Collections.emptyIterator();
            }
        };
    }
}
