package dev.tandem.sequencer.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;

import io.smallrye.common.annotation.Identifier;

/**
 * The settings of the sequencer's Kafka clients: the application's {@code kafka.*} (bootstrap servers, security),
 * the sizes every hop needs ({@link KafkaSizes}), the client's own settings, and last any raw Kafka setting an
 * operator or a test gives under {@code tandem.kafka.consumer.*} or {@code tandem.kafka.producer.*}
 * (in a properties file or a system property). Only settings a client knows are passed on, so it does not warn
 * about the others.
 */
@ApplicationScoped
public class KafkaSettings {

    static final String CONSUMER_OVERRIDES = "tandem.kafka.consumer.";
    static final String PRODUCER_OVERRIDES = "tandem.kafka.producer.";

    private final Map<String, Object> defaults;
    private final LimitsConfig limits;
    private final Map<String, Object> consumerOverrides;
    private final Map<String, Object> producerOverrides;

    @Inject
    public KafkaSettings(@Identifier("default-kafka-broker") Map<String, Object> defaults, LimitsConfig limits,
                         Config config) {
        this.defaults = defaults;
        this.limits = limits;
        this.consumerOverrides = prefixed(config, CONSUMER_OVERRIDES);
        this.producerOverrides = prefixed(config, PRODUCER_OVERRIDES);
    }

    public Admin admin() {
        return Admin.create(known(AdminClientConfig.configNames()));
    }

    /** Settings for a consumer, sized for the largest record ({@link KafkaSizes}), with {@code own} on top. */
    public Map<String, Object> consumer(Map<String, Object> own) {
        Map<String, Object> config = known(ConsumerConfig.configNames());
        config.putAll(KafkaSizes.consumer(limits));
        config.putAll(own);
        config.putAll(consumerOverrides);
        return config;
    }

    /** Settings for the transactional producer, sized for its largest record, with {@code own} on top. */
    public Map<String, Object> producer(int checkpointMaxBytes, Map<String, Object> own) {
        Map<String, Object> config = known(ProducerConfig.configNames());
        config.putAll(KafkaSizes.producer(limits, checkpointMaxBytes));
        config.putAll(own);
        config.putAll(producerOverrides);
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

    private static Map<String, Object> prefixed(Config config, String prefix) {
        Map<String, Object> found = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix)) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> found.put(name.substring(prefix.length()), value));
            }
        }
        return found;
    }
}
