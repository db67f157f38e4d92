package dev.tandem.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import dev.tandem.protocol.Topics;
import dev.tandem.system.bench.History;
import dev.tandem.system.bench.ServiceLog;
import dev.tandem.system.bench.ServiceLog.Line;
import dev.tandem.system.bench.ServiceLog.Rebuild;
import dev.tandem.testsupport.EmbeddedKafkaBroker;
import dev.tandem.testsupport.ServiceProcess;

/**
 * A sequencer frozen (SIGSTOP) past its session timeout while it folds a long log that has no checkpoint yet, as a
 * long pause does (the first start after the upgrade to checkpoints, found by RecoveryBenchmark at 10 M ops: the
 * fold outlived the 1.5 s session, the partitions were lost and given back, and each time they were folded from
 * offset 0 again, for ever). Now the partitions come back to it with their logs unchanged, and it takes its state
 * back instead of rebuilding it: one fold of the history in all, and the history documents then take an edit at
 * their head, unchanged ({@link History#probe}). Before the fix, the second fold shows as a second set of
 * rebuilds, and no partition is "taken back".
 */
class PausedSequencerIT {

    private static final int PARTITIONS = 4;
    private static final long HISTORY_OPS = 100_000;
    /** Far beyond the sequencer's session timeout (1.5 s) and the broker's check of it. */
    private static final Duration FROZEN = Duration.ofSeconds(6);

    @Test
    void aSequencerFrozenPastItsSessionTakesItsPartitionsBackInsteadOfFoldingTheLogAgain() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(Topics.OPS, PARTITIONS, (short) 1)
                        .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1")))).all().get();
            }
            Set<Integer> all = IntStream.range(0, PARTITIONS).boxed().collect(Collectors.toSet());
            StringBuilder report = new StringBuilder();
            History history = History.write(bootstrap, HISTORY_OPS, 40, all, PARTITIONS, report);
            System.out.print("paused sequencer IT: " + report);
            ServiceProcess sequencer = ServiceProcess.of("paused-sequencer", "sequencer-service")
                    .config("kafka.bootstrap.servers", bootstrap)
                    .config("tandem.sequencer.instance-id", "paused")
                    .config("tandem.topics.partitions", String.valueOf(PARTITIONS))
                    .build();
            try {
                long mark = ServiceLog.mark(sequencer);
                // ready once its partitions are rebuilt: the pause then comes before the poll that would find the
                // session gone (a pause in the middle of the fold ends the same way: the fold goes on, and the
                // loss is found at the next poll; a batch polled before the fold is consumed again, not decided)
                sequencer.start().awaitReady(Duration.ofMinutes(3));
                assertThat(ServiceLog.rebuilds(lines(sequencer, mark))).hasSize(PARTITIONS);
                sequencer.pause();
                Thread.sleep(FROZEN.toMillis());
                sequencer.resume();
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() ->
                        takenBack(lines(sequencer, mark)) == PARTITIONS);
                sequencer.awaitReady(Duration.ofMinutes(1));

                List<Line> lines = lines(sequencer, mark);
                System.out.println("paused sequencer IT: " + lines.stream().map(Line::text)
                        .filter(t -> t.contains("SequencingWorker") || t.contains("DocumentStates")).toList());
                assertThat(lines).as("the pause cost the sequencer its partitions (else this tests nothing)")
                        .anyMatch(l -> l.text().contains("lost partitions"));
                List<Rebuild> rebuilds = ServiceLog.rebuilds(lines);
                assertThat(rebuilds).as("one rebuild of each partition, not one more after the pause")
                        .hasSize(PARTITIONS);
                assertThat(rebuilds.stream().mapToLong(Rebuild::ops).sum()).as("the first rebuild read the history")
                        .isGreaterThanOrEqualTo(HISTORY_OPS);
                assertThat(history.probe(all, Duration.ofMinutes(1)))
                        .as("every history document takes an edit at its head + 1, unchanged").isEmpty();
            } finally {
                sequencer.kill();
            }
        }
    }

    private static List<Line> lines(ServiceProcess sequencer, long mark) {
        return ServiceLog.since(sequencer, mark);
    }

    private static long takenBack(List<Line> lines) {
        return lines.stream().filter(l -> l.text().contains("came back with its logs unchanged")).count();
    }
}
