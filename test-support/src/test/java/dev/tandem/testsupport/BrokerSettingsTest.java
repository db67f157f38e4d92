package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every broker this project starts runs with the same settings: the embedded one (the tests, and {@code ./tandem up},
 * whose launcher runs {@link EmbeddedKafkaBroker#main} with no overrides: {@code TopologyTest}), the Testcontainers one
 * ({@link Containers}, from the same map) and {@code docker-compose.yml}'s. And the sequencer's timeouts fit them.
 */
class BrokerSettingsTest {

    /** Where the broker is: rightly different between the embedded broker and the compose one. */
    private static final Set<String> ADDRESSES = Set.of("listeners", "advertised.listeners",
            "controller.quorum.voters", "log.dirs");
    private static final Pattern COMPOSE_SETTING = Pattern.compile("^ {6}KAFKA_([A-Z_]+): \"?([^\"#\\n]*?)\"?\\s*$",
            Pattern.MULTILINE);

    private final Properties embedded = EmbeddedKafkaBroker.settings(9092, 9093, Path.of("/tmp/x"));

    @Test
    void everyBrokerHasTheFailoverTimers() throws IOException {
        Map<String, String> compose = composeBrokerSettings();
        EmbeddedKafkaBroker.FAILOVER_SETTINGS.forEach((key, value) -> {
            assertThat(embedded.getProperty(key)).as("embedded broker: " + key).isEqualTo(value);
            assertThat(compose.get(key)).as("docker-compose.yml: " + Containers.environmentName(key)).isEqualTo(value);
        });
        assertThat(Containers.environmentName("group.min.session.timeout.ms"))
                .isEqualTo("KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS");
    }

    @Test
    void whatTheEmbeddedAndTheComposeBrokerBothSetTheySetAlike() throws IOException {
        Map<String, String> compose = composeBrokerSettings();
        assertThat(compose).as("docker-compose.yml's KAFKA_* settings").hasSizeGreaterThan(10);
        compose.forEach((key, value) -> {
            if (embedded.containsKey(key) && !ADDRESSES.contains(key)) {
                assertThat(value).as(key + " in docker-compose.yml and in EmbeddedKafkaBroker")
                        .isEqualTo(embedded.getProperty(key));
            }
        });
    }

    @Test
    void theSequencersTimeoutsFitTheBrokers() throws IOException {
        Properties sequencer = new Properties();
        try (Reader in = Files.newBufferedReader(
                Path.of("..", "sequencer-service", "src", "main", "resources", "application.properties"))) {
            sequencer.load(in);
        }
        long session = millis(sequencer, "tandem.sequencer.session-timeout");
        long heartbeat = millis(sequencer, "tandem.sequencer.heartbeat-interval");
        long transaction = millis(sequencer, "tandem.sequencer.transaction-timeout");
        long minSession = Long.parseLong(EmbeddedKafkaBroker.FAILOVER_SETTINGS.get("group.min.session.timeout.ms"));
        long abortCheck = Long.parseLong(EmbeddedKafkaBroker.FAILOVER_SETTINGS.get(
                "transaction.abort.timed.out.transaction.cleanup.interval.ms"));
        long maxTransaction = Long.parseLong(embedded.getProperty("transaction.max.timeout.ms", "900000"));

        assertThat(session).as("the broker refuses a session below group.min.session.timeout.ms")
                .isGreaterThanOrEqualTo(minSession);
        assertThat(heartbeat * 3).as("three heartbeats per session").isLessThanOrEqualTo(session);
        assertThat(transaction).as("the broker refuses a transaction timeout above transaction.max.timeout.ms")
                .isLessThanOrEqualTo(maxTransaction);
        // the failover budget (docs/operations.md): a dead instance's documents move within about 3 s
        assertThat(Math.max(session + heartbeat, transaction + abortCheck)).isLessThanOrEqualTo(2_000);
    }

    /** A duration setting written as {@code 1500ms}. */
    private static long millis(Properties properties, String key) {
        String value = properties.getProperty(key);
        assertThat(value).as(key + " in the sequencer's application.properties").matches("[0-9]+ms");
        return Long.parseLong(value.substring(0, value.length() - 2));
    }

    /** {@code KAFKA_FOO_BAR: 1} in the kafka service of docker-compose.yml, as {@code foo.bar=1}. */
    private static Map<String, String> composeBrokerSettings() throws IOException {
        String compose = Files.readString(Path.of("..", "docker-compose.yml"));
        int kafka = compose.indexOf("\n  kafka:");
        int next = compose.indexOf("\n  postgres:");
        assertThat(kafka).as("docker-compose.yml has a kafka service before postgres").isPositive().isLessThan(next);
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher m = COMPOSE_SETTING.matcher(compose.substring(kafka, next));
        while (m.find()) {
            settings.put(m.group(1).toLowerCase(Locale.ROOT).replace('_', '.'), m.group(2).trim());
        }
        return settings;
    }
}
