package dev.tandem.gateway.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import dev.tandem.gateway.config.GatewayConfig;
import dev.tandem.gateway.document.DocumentHub;
import dev.tandem.gateway.presence.PresenceTable;
import dev.tandem.protocol.PresenceUpdate;
import dev.tandem.protocol.Topics;
import dev.tandem.protocol.kafka.PresenceUpdateDeserializer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Reads all of tandem.presence (every partition, no consumer group), starting one presence expiry back in time
 * ({@code offsetsForTimes}) to learn who is present, and hands each update to the presence table and the live
 * document it concerns. Presence from this gateway's own connections comes back this way too: one path for all.
 */
@ApplicationScoped
public class PresenceConsumer {

    private static final Logger LOG = Logger.getLogger(PresenceConsumer.class);

    private final KafkaSettings kafka;
    private final GatewayConfig config;
    private final PresenceTable table;
    private final OpsConsumer ops;
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile KafkaConsumer<String, PresenceUpdate> consumer;
    private Thread thread;

    public PresenceConsumer(KafkaSettings kafka, GatewayConfig config, PresenceTable table, OpsConsumer ops) {
        this.kafka = kafka;
        this.config = config;
        this.table = table;
        this.ops = ops;
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::run, "tandem-presence-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, PresenceUpdate> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    public boolean started() {
        return started;
    }

    public boolean alive() {
        return thread != null && thread.isAlive();
    }

    private void run() {
        try (KafkaConsumer<String, PresenceUpdate> c = new KafkaConsumer<>(kafka.consumer(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "tandem-gateway-presence",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, PresenceUpdateDeserializer.class.getName())))) {
            consumer = c;
            List<TopicPartition> partitions = TopicPartitions.await(c, Topics.PRESENCE, () -> running);
            if (partitions.isEmpty()) {
                return;
            }
            c.assign(partitions);
            long since = System.currentTimeMillis() - config.presence().expiry().toMillis();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, since));
            Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query);
            List<TopicPartition> toEnd = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp at = found.get(tp);
                if (at != null) {
                    c.seek(tp, at.offset());
                } else {
                    toEnd.add(tp);
                }
            }
            c.seekToEnd(toEnd);
            partitions.forEach(c::position);
            started = true;
            while (running) {
                try {
                    for (ConsumerRecord<String, PresenceUpdate> record : c.poll(Duration.ofMillis(200))) {
                        if (record.value() != null) {
                            handle(record.value());
                        }
                    }
                } catch (WakeupException e) {
                    // shutting down
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.error("the tandem.presence consumer stopped", e);
        }
    }

    private void handle(PresenceUpdate update) {
        DocumentHub hub = ops.hub();
        if (hub != null) {
            hub.onPresence(update);
        } else {
            table.apply(update);
        }
    }
}
