package dev.tandem.sequencer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

import dev.tandem.protocol.EditRejected;
import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.TestKafka;
import dev.tandem.testsupport.load.ClientReport;
import dev.tandem.testsupport.load.EditLoad;
import dev.tandem.testsupport.load.LogInvariants;
import dev.tandem.testsupport.load.OpsLog;

/** The packaged sequencer as separate processes, and what the ITs need to know about its consumer group. */
final class SequencerProcesses {

    /** Fewer than the default 12: every IT in this JVM shares the broker, so they must agree on it. */
    static final int PARTITIONS = 6;
    static final String GROUP = "tandem-sequencer";
    static final Duration READY = Duration.ofSeconds(90);

    private SequencerProcesses() {
    }

    /**
     * A sequencer process with this stable instance id (not started), keeping only {@code hotDocuments} documents
     * in memory and {@code window} ops per document: small, so evictions, single-document rebuilds and
     * BASE_REVISION_TOO_OLD refusals happen during the ITs too; checkpointing every 300 ms with at most 20 KB of
     * checkpoints per transaction, so recoveries start from checkpoints taken in the middle of the load and rounds
     * spread over several transactions.
     */
    static ServiceProcess sequencer(String instanceId, int hotDocuments, int window) {
        return ServiceProcess.of("sequencer-" + instanceId, "sequencer-service")
                .env("KAFKA_BOOTSTRAP_SERVERS", TestKafka.get().bootstrapServers())
                .config("tandem.sequencer.instance-id", instanceId)
                .config("tandem.sequencer.hot-documents", String.valueOf(hotDocuments))
                .config("tandem.sequencer.window", String.valueOf(window))
                .config("tandem.sequencer.checkpoint.interval", "300ms")
                .config("tandem.sequencer.checkpoint.max-bytes-per-transaction", "20000")
                .config("tandem.topics.partitions", String.valueOf(PARTITIONS))
                .build();
    }

    /** {@code perPartition} new document ids in every partition, so every instance owns some of them. */
    static List<String> documentsInEveryPartition(String prefix, int perPartition) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int[] counts = new int[PARTITIONS];
        List<String> documents = new ArrayList<>();
        for (int i = 0; documents.size() < PARTITIONS * perPartition; i++) {
            String doc = prefix + "-" + run + "-" + i;
            int partition = Utils.toPositive(Utils.murmur2(doc.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (counts[partition] < perPartition) {
                counts[partition]++;
                documents.add(doc);
            }
        }
        return documents;
    }

    /** Partition numbers of tandem.edits per group.instance.id of the sequencer group's current members. */
    static Map<String, Set<Integer>> assignment() {
        try (Admin admin = TestKafka.get().admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            Map<String, Set<Integer>> owned = new java.util.TreeMap<>();
            for (MemberDescription member : group.members()) {
                Set<Integer> partitions = new TreeSet<>();
                for (TopicPartition tp : member.assignment().topicPartitions()) {
                    partitions.add(tp.partition());
                }
                owned.put(member.groupInstanceId().orElse(member.consumerId()), partitions);
            }
            return owned;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe group " + GROUP, e.getCause());
        }
    }

    /** Asserts that exactly {@code instances} own the partitions, all of them, each some. */
    static void assertOwnedBy(Map<String, Set<Integer>> assignment, String... instances) {
        assertThat(assignment).containsOnlyKeys(instances);
        Set<Integer> all = new HashSet<>();
        assignment.values().forEach(partitions -> {
            assertThat(partitions).isNotEmpty();
            all.addAll(partitions);
        });
        assertThat(all).hasSize(PARTITIONS);
    }

    /**
     * Stops the typing, waits until every client has its last edit answered, and checks the log: contiguous
     * revisions, every edit committed exactly once, none lost, every client at the log's text.
     */
    static void finishAndCheck(String run, EditLoad load) {
        load.stopEditing();
        await().atMost(Duration.ofMinutes(3)).until(load::isDone);

        assertThat(load.failures()).isEmpty();
        List<ClientReport> reports = load.reports();
        OpsLog log = OpsLog.read(TestKafka.get().bootstrapServers(), load.documents());
        assertThat(LogInvariants.check(log, reports)).isEmpty();
        System.out.printf("%s: %d revisions, %d resends, %d duplicates, %d refusals%n", run, load.committed(),
                reports.stream().mapToInt(ClientReport::resends).sum(),
                reports.stream().mapToInt(ClientReport::duplicates).sum(),
                log.documents().stream().flatMap(doc -> log.events(doc).stream())
                        .filter(EditRejected.class::isInstance).count());
    }
}
