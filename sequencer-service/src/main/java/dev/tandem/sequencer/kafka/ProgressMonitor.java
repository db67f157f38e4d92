package dev.tandem.sequencer.kafka;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.tandem.protocol.Topics;
import io.quarkus.runtime.StartupEvent;

/**
 * Whether the partitions of {@code tandem.edits} this instance owns make progress ({@link PartitionProgress}),
 * sampled off the sequencing path with the admin client: the group's committed offsets and the partitions' end
 * offsets, every {@code tandem.sequencer.progress-sample-interval}. Read by {@link ProgressHealthCheck}.
 */
@ApplicationScoped
public class ProgressMonitor {

    private static final Logger LOG = Logger.getLogger(ProgressMonitor.class);

    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
    private final PartitionProgress progress;
    private final KafkaSettings kafka;
    private final SequencerConfig config;
    private final String group;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tandem-progress-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String sampleFailure;
    private Admin admin;

    public ProgressMonitor(KafkaSettings kafka, SequencerConfig config) {
        this.kafka = kafka;
        this.config = config;
        this.group = config.groupId();
        this.progress = new PartitionProgress(config.stallTimeout());
    }

    void onStart(@Observes StartupEvent event) {
        long every = config.progressSampleInterval().toMillis();
        sampler.scheduleWithFixedDelay(this::sample, every, every, TimeUnit.MILLISECONDS);
    }

    /** From a worker's rebalance listener. */
    void assigned(Collection<Integer> partitions) {
        assigned.addAll(partitions);
    }

    void revoked(Collection<Integer> partitions) {
        assigned.removeAll(partitions);
    }

    /** Why each stalled partition is stalled; empty when all make progress. */
    List<String> stalled() {
        return progress.stalled(Instant.now());
    }

    /** Why the last sample failed, or {@code null}. */
    String sampleFailure() {
        return sampleFailure;
    }

    private void sample() {
        List<Integer> partitions = List.copyOf(assigned);
        try {
            if (admin == null) {
                admin = kafka.admin();
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (int partition : partitions) {
                latest.put(new TopicPartition(Topics.EDITS, partition), OffsetSpec.latest());
                earliest.put(new TopicPartition(Topics.EDITS, partition), OffsetSpec.earliest());
            }
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> starts =
                    admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
            Map<Integer, PartitionProgress.Sample> samples = new HashMap<>();
            ends.forEach((partition, end) -> {
                long start = starts.get(partition).offset();
                OffsetAndMetadata offset = committed.get(partition);
                long position = offset == null ? start : Math.max(start, offset.offset());
                samples.put(partition.partition(), new PartitionProgress.Sample(position, end.offset()));
            });
            progress.observe(partitions, samples, Instant.now());
            sampleFailure = null;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            sampleFailure = String.valueOf(e);
            LOG.debugf("could not sample the progress of tandem.edits: %s", e);
        }
    }

    @PreDestroy
    void stop() {
        sampler.shutdownNow();
        if (admin != null) {
            admin.close();
        }
    }
}
