package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.tandem.protocol.SizeLimits;

/** The brokers this project starts take records of the largest size the services admit (SizeLimits). */
class BrokerSizeSettingsTest {

    private static final int LARGEST = SizeLimits.maxKafkaRecordBytes(SizeLimits.DEFAULT_MAX_FRAME_BYTES);

    @Test
    void theEmbeddedBrokerTakesTheLargestRecord() {
        // the launcher runs this same broker (Topology.kafka), so this covers it too
        assertThat(EmbeddedKafkaBroker.settings(9092, 9093, Path.of("/tmp/x")).getProperty("message.max.bytes"))
                .isEqualTo(String.valueOf(SizeLimits.maxKafkaRecordBytes(EmbeddedKafkaBroker.maxFrameBytes())));
    }

    @Test
    void theComposeBrokerTakesTheLargestRecordOfTheDefaultFrame() throws IOException {
        String compose = Files.readString(Path.of("..", "docker-compose.yml"));
        Matcher setting = Pattern.compile("KAFKA_MESSAGE_MAX_BYTES: (\\d+)").matcher(compose);

        assertThat(setting.find()).as("docker-compose.yml sets KAFKA_MESSAGE_MAX_BYTES").isTrue();
        assertThat(Integer.parseInt(setting.group(1))).isEqualTo(LARGEST);
    }
}
