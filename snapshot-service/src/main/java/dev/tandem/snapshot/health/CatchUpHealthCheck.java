package dev.tandem.snapshot.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.tandem.snapshot.config.SnapshotConfig;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/**
 * Ready means able to serve current history: DOWN until partitions of tandem.ops are assigned and the backlog is
 * folded to within {@code tandem.snapshot.readiness.max-lag} records ({@link CatchUp}). Without it a restarted
 * service said READY within seconds while its REST answers stayed at the old revision for a minute and more.
 */
@Readiness
@ApplicationScoped
public class CatchUpHealthCheck implements HealthCheck {

    private static final Duration ASK = Duration.ofSeconds(2);
    private static final Duration REUSE = Duration.ofSeconds(1);

    private final KafkaClientService clients;
    private final long maxLag;
    private CatchUp last;
    private long measuredAt;

    public CatchUpHealthCheck(KafkaClientService clients, SnapshotConfig config) {
        this.clients = clients;
        this.maxLag = config.readiness().maxLag();
    }

    @Override
    public synchronized HealthCheckResponse call() {
        // probed every second by supervisors and orchestrators: the broker is asked at most once a second, and on
        // the consumer's polling thread, which it holds up while it waits
        long now = System.nanoTime();
        if (last == null || now - measuredAt > REUSE.toNanos()) {
            last = measure();
            measuredAt = now;
        }
        CatchUp state = last;
        return HealthCheckResponse.named("snapshot caught up").status(state.ready())
                .withData("reason", state.reason()).withData("lag", state.lag()).build();
    }

    private CatchUp measure() {
        KafkaConsumer<Object, Object> consumer = clients.getConsumer("ops");
        if (consumer == null) {
            return new CatchUp(false, "the tandem.ops consumer has not started", 0);
        }
        try {
            return consumer.runOnPollingThread((Consumer<Object, Object> c) -> {
                Set<TopicPartition> assigned = c.assignment();
                if (assigned.isEmpty()) {
                    return CatchUp.of(Map.of(), Map.of(), Map.of(), maxLag);
                }
                Map<TopicPartition, Long> committed = new HashMap<>();
                c.committed(assigned, ASK).forEach((tp, om) -> {
                    if (om != null) {
                        committed.put(tp, om.offset());
                    }
                });
                // where nothing is committed yet the whole partition counts, from its first offset
                Set<TopicPartition> uncommitted = new java.util.HashSet<>(assigned);
                uncommitted.removeAll(committed.keySet());
                Map<TopicPartition, Long> beginning = uncommitted.isEmpty() ? Map.of()
                        : c.beginningOffsets(uncommitted, ASK);
                return CatchUp.of(c.endOffsets(assigned, ASK), committed, beginning, maxLag);
            }).await().atMost(ASK.multipliedBy(4));
        } catch (RuntimeException e) {
            return new CatchUp(false, "the consumer's progress could not be read: " + e.getMessage(), 0);
        }
    }
}
