package dev.tandem.sequencer.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import io.smallrye.common.annotation.Identifier;

/**
 * The application's {@code kafka.*} settings (bootstrap servers, security) for the plain clients the sequencer
 * uses beside its channels: the admin client and the log reader (and the frame limit they are sized from). Only settings a client knows are passed on, so
 * it does not warn about the others.
 */
@ApplicationScoped
public class KafkaSettings {

    private final Map<String, Object> defaults;
    private final LimitsConfig limits;

    @Inject
    public KafkaSettings(@Identifier("default-kafka-broker") Map<String, Object> defaults, LimitsConfig limits) {
        this.defaults = defaults;
        this.limits = limits;
    }

    public Admin admin() {
        return Admin.create(known(AdminClientConfig.configNames()));
    }

    /** Settings for a consumer, sized for the largest record ({@link KafkaSizes}), with {@code overrides} on top. */
    public Map<String, Object> consumer(Map<String, Object> overrides) {
        Map<String, Object> config = known(ConsumerConfig.configNames());
        config.putAll(KafkaSizes.consumer(limits));
        config.putAll(overrides);
        return config;
    }

    private Map<String, Object> known(Set<String> names) {
        Map<String, Object> config = new HashMap<>();
        defaults.forEach((key, value) -> {
            if (names.contains(key)) {
                config.put(key, value);
            }
        });
        return config;
    }
}
