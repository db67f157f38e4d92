package dev.tandem.system.bench;

import dev.tandem.protocol.Topics;
import dev.tandem.system.bench.ServiceLog.Line;
import dev.tandem.system.bench.ServiceLog.Rebuild;
import dev.tandem.testsupport.EmbeddedKafkaBroker;
import dev.tandem.testsupport.JdbcTarget;
import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.TestPostgres;
import dev.tandem.testsupport.load.EditLoad;
import dev.tandem.testsupport.load.LogInvariants;
import dev.tandem.testsupport.load.OpsLog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10's recovery benchmark: how long a sequencer failover and a snapshot service restart take with 10 k, 1 M
 * and 10 M ops of history, and whether that grows with the history. Not a test (no *IT name: {@code mvn verify}
 * never runs it); by hand, see docs/benchmarks.md:
 * <pre>./mvnw -o -pl system-tests -am verify -Dit.test=RecoveryBenchmark -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 * Per size, on a broker of its own (in this JVM, its data deleted afterwards): the history is written straight to
 * {@code tandem.ops} ({@link History}); sequencer A starts on it, as after the upgrade to checkpoints (it reads the
 * log from 0 once); sequencer B joins; typists edit a document in every partition; then, {@code trials} times, the
 * sequencer that holds the history partitions (A or B: the cooperative-sticky assignor gives each a half) is
 * killed with SIGKILL and the time to the survivor's first ack in its partitions is taken apart; then the snapshot service
 * folds the log, is killed while the typing goes on, and is restarted. It prints figures and asserts only
 * correctness: the typists' log is sound ({@link LogInvariants}) and the history documents come through every
 * failover intact ({@link History#probe}).
 */
class RecoveryBenchmark {
    private static final Path REPORT = Path.of("target", "benchmarks", "recovery.txt");
    private static final int PARTITIONS = 12;
    private static final String GROUP = "tandem-sequencer";
    private static final Duration READY = Duration.ofMinutes(3);

    private final List<Long> sizes = Arrays.stream(System.getProperty("tandem.bench.history",
            "10000,1000000,10000000").split(",")).map(String::trim).map(Long::parseLong).toList();
    private final int trials = Integer.getInteger("tandem.bench.trials", 3);
    private final int historyDocuments = Integer.getInteger("tandem.bench.history-documents", 300);
    private final String sequencerHeap = System.getProperty("tandem.bench.sequencer-heap", "512m");
    private final Duration snapshotMax = Duration.ofMinutes(Integer.getInteger("tandem.bench.snapshot-max-minutes", 20));
    private final StringBuilder out = new StringBuilder();
    private final List<String> problems = new ArrayList<>();
    private double snapshotMicrosPerOp = -1;

    /** One failover, in ms after the kill. */
    private record Trial(long assigned, long stable, long rebuilt, long rebuiltAll, long firstAck, long allAcked,
                         long rebuildMillis, long opsRead, long checkpointsRead, long allRebuildMillis) {
    }

    @Test
    void measure() throws Exception {
        print("# RecoveryBenchmark, " + Instant.now());
        Machine.describe().forEach(this::print);
        print("history sizes " + sizes + ", " + trials + " failovers each, " + historyDocuments
                + " history documents; Kafka timeouts: the services' defaults (sequencer session 1.5 s, heartbeat"
                + " 500 ms, transaction 1.5 s; the broker's abort check every 250 ms); sequencer -Xmx" + sequencerHeap);
        print("load average before start: " + Machine.loadAverage());
        try {
            for (long size : sizes) {
                runSize(size);
            }
        } finally {
            print("load average after: " + Machine.loadAverage());
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, out, StandardCharsets.UTF_8);
            System.out.println("(also written to " + REPORT.toAbsolutePath() + ")");
        }
        assertThat(problems).isEmpty();
    }

    private void runSize(long size) throws Exception {
        print("");
        print("## history of " + String.format("%,d", size) + " ops; load average " + Machine.loadAverage());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, 0, null, Map.of())) {
            String bootstrap = broker.bootstrapServers();
            createOps(bootstrap);
            // the cooperative-sticky assignor gives each of the two sequencers one half, 0-5 or 6-11, but which
            // one varies: each failover kills the one that holds the history (a run that finds otherwise says so)
            Set<Integer> moved = new TreeSet<>(IntStream.range(0, PARTITIONS / 2).boxed().toList());
            History history = History.write(bootstrap, size, historyDocuments, moved, PARTITIONS, out);
            System.out.print(out.substring(out.lastIndexOf("history:")));
            ServiceProcess a = sequencer("bench-a", bootstrap);
            ServiceProcess b = sequencer("bench-b", bootstrap);
            try {
                firstStart(a, bootstrap, history);
                Map<Integer, Long> loadFrom = endOffsets(bootstrap);
                try (EditLoad load = EditLoad.builder(bootstrap).documents(documentsInEveryPartition("typed"))
                        .clientsPerDocument(2).thinkTime(Duration.ofMillis(50), Duration.ofMillis(150))
                        .resendAfter(Duration.ofSeconds(2)).maxEditsPerClient(1_000_000)
                        .deadline(Duration.ofHours(2)).opsFromEnd().seed(size).build()) {
                    load.start();
                    awaitRebuilt(a, 0, PARTITIONS, Duration.ofMinutes(60));
                    long wall = System.currentTimeMillis();
                    List<Rebuild> first = ServiceLog.rebuilds(ServiceLog.since(a, 0));
                    print(String.format("first start after upgrade (no mark, the log read from 0): %s ms of rebuilds,"
                                    + " %,d records of tandem.ops read; per partition: %s", ServiceLog.millis(first),
                            sum(first, Rebuild::ops), first));
                    if (!probe("after the first start", history, moved)) {
                        throw new IllegalStateException("the history is not sound after the first start: " + problems);
                    }
                    awaitCheckpointed(a, history.documents().size());
                    print("checkpoints of the history written " + (System.currentTimeMillis() - wall)
                            + " ms after the first start's rebuilds (the interval is 5 s)");
                    List<Trial> done = new ArrayList<>();
                    b.start().awaitReady(READY);
                    for (int trial = 1; trial <= trials; trial++) {
                        await().atMost(Duration.ofMinutes(2)).until(() -> assignment(bootstrap).keySet()
                                .containsAll(List.of("bench-a", "bench-b")));
                        Map<String, Set<Integer>> owners = assignment(bootstrap);
                        boolean aHolds = held(owners.get("bench-a"), moved) >= held(owners.get("bench-b"), moved);
                        done.add(aHolds ? failover(trial, a, "bench-a", b, bootstrap, load, history, moved)
                                : failover(trial, b, "bench-b", a, bootstrap, load, history, moved));
                    }
                    printTrials(size, done);
                    load.stopEditing();
                    await().atMost(Duration.ofMinutes(3)).until(load::isDone);
                    check("typists of the failovers", bootstrap, load, loadFrom);
                }
            } finally {
                a.kill();
                b.stop();
            }
            snapshotRestart(size, bootstrap, history, a);
        }
    }

    /** Sequencer A alone on the history: it reads every partition from 0 (no mark), once. */
    private void firstStart(ServiceProcess a, String bootstrap, History history) {
        long started = System.nanoTime();
        a.start().awaitReady(READY);
        print(String.format("sequencer A ready %d ms after its start (the rebuild waits for the first batch)",
                (System.nanoTime() - started) / 1_000_000));
    }

    private static int held(Set<Integer> owned, Set<Integer> history) {
        return owned == null ? 0 : (int) owned.stream().filter(history::contains).count();
    }

    /** Kills {@code a} (whose instance id is {@code aId}) and measures {@code b} taking its partitions over. */
    private Trial failover(int trial, ServiceProcess a, String aId, ServiceProcess b, String bootstrap,
                           EditLoad load, History history, Set<Integer> expectedMoved) throws Exception {
        Set<Integer> moved = assignment(bootstrap).get(aId);
        if (!moved.equals(expectedMoved)) {
            print("NOTE: " + aId + " owns " + moved + ", not " + expectedMoved + ": the history is not all in the "
                    + "moved partitions this time");
        }
        long progress = load.committed() + 100;
        await().atMost(Duration.ofMinutes(2)).until(() -> load.committed() >= progress);
        Thread.sleep(6_000); // past a checkpoint interval (5 s) in the steady state, as a failover would find it
        Trial measured;
        try (FailoverWatch watch = new FailoverWatch(bootstrap, moved)) {
            long bMark = ServiceLog.mark(b);
            long killed = System.currentTimeMillis();
            watch.killed(killed);
            a.kill();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(watch::allAcked);
            List<Line> lines = ServiceLog.since(b, bMark);
            long assigned = lines.stream().filter(l -> l.match(ServiceLog.ASSIGNED)
                            .map(m -> partitions(m.group(1)).containsAll(moved)).orElse(false))
                    .mapToLong(Line::at).findFirst().orElse(-1);
            // with the cooperative-sticky assignor B keeps its own partitions and rebuilds only the moved ones;
            // "all" would show it if B's own were revoked too (an eager group)
            List<Rebuild> all = ServiceLog.rebuilds(lines);
            List<Rebuild> rebuilds = all.stream().filter(r -> moved.contains(r.partition())).toList();
            long stable = watch.stableAt().values().stream().mapToLong(Long::longValue).max().orElse(-1);
            measured = new Trial(assigned - killed, stable - killed,
                    rebuilds.stream().mapToLong(Rebuild::at).max().orElse(-1) - killed,
                    all.stream().mapToLong(Rebuild::at).max().orElse(-1) - killed,
                    watch.firstAckAt().values().stream().mapToLong(Long::longValue).min().orElseThrow() - killed,
                    watch.firstAckAt().values().stream().mapToLong(Long::longValue).max().orElseThrow() - killed,
                    ServiceLog.millis(rebuilds), sum(rebuilds, Rebuild::ops), sum(rebuilds, Rebuild::checkpoints),
                    ServiceLog.millis(all));
            print(String.format("failover %d (%s killed, it owned %s): the survivor assigned +%d ms, partitions "
                            + "stable +%d ms, moved ones rebuilt +%d ms, all of its rebuilt +%d ms, first ack +%d ms, "
                            + "every moved partition acked +%d ms; its rebuilds: %s", trial, aId, moved,
                    measured.assigned(), measured.stable(), measured.rebuilt(), measured.rebuiltAll(),
                    measured.firstAck(), measured.allAcked(), all));
            lines.stream().map(Line::text).filter(t -> t.contains("rebuild of partitions"))
                    .forEach(t -> print("  " + t.substring(t.indexOf("rebuild of partitions"))));
        }
        probe("after failover " + trial, history, moved);
        long aMark = ServiceLog.mark(a);
        a.start().awaitReady(READY);
        awaitRebuilt(a, aMark, moved.size(), Duration.ofMinutes(5));
        List<Rebuild> back = ServiceLog.rebuilds(ServiceLog.since(a, aMark));
        print(String.format("  " + aId + " restarted (same instance id) and rebuilt its partitions: %d ms, %,d ops"
                + " and %,d checkpoint records read", ServiceLog.millis(back), sum(back, Rebuild::ops),
                sum(back, Rebuild::checkpoints)));
        return measured;
    }

    /** Every history document of {@code partitions} takes an edit at head + 1, unchanged (see History#probe). */
    private boolean probe(String when, History history, Set<Integer> partitions) {
        List<String> found = history.probe(partitions, Duration.ofMinutes(1));
        found.forEach(p -> print("PROBLEM " + when + ": " + p));
        if (found.isEmpty()) {
            print("  probes " + when + ": every history document took an edit at its head + 1, unchanged");
        }
        problems.addAll(found);
        return found.isEmpty();
    }

    private void printTrials(long size, List<Trial> done) {
        print(String.format("MEDIAN of %d failovers with %,d ops of history in the moved partitions: B assigned "
                        + "+%d ms, stable +%d ms, moved rebuilt +%d ms, all rebuilt +%d ms, first ack +%d ms, all moved "
                        + "partitions acked +%d ms; rebuild of the moved partitions %d ms reading %,d ops + %,d "
                        + "checkpoint records; rebuild of all of B's partitions %d ms",
                done.size(), size, median(done, Trial::assigned), median(done, Trial::stable),
                median(done, Trial::rebuilt), median(done, Trial::rebuiltAll), median(done, Trial::firstAck),
                median(done, Trial::allAcked), median(done, Trial::rebuildMillis), median(done, Trial::opsRead),
                median(done, Trial::checkpointsRead), median(done, Trial::allRebuildMillis)));
    }

    /** The snapshot service folds the whole log, is killed while typing goes on, and is restarted. */
    private void snapshotRestart(long size, String bootstrap, History history, ServiceProcess sequencer)
            throws Exception {
        long total = endOffsets(bootstrap).values().stream().mapToLong(Long::longValue).sum();
        if (snapshotMicrosPerOp > 0 && snapshotMicrosPerOp * total / 1e6 > snapshotMax.toSeconds()) {
            print(String.format("snapshot service: NOT MEASURED at this size: folding %,d records at the %.0f us per "
                            + "record measured before would take about %.0f min (limit %d min)", total,
                    snapshotMicrosPerOp, snapshotMicrosPerOp * total / 6e7, snapshotMax.toMinutes()));
            return;
        }
        AtomicLong firstCommit = new AtomicLong();
        sequencer.start().awaitReady(READY);
        JdbcTarget database = TestPostgres.get().newDatabase("recovery_benchmark");
        ServiceProcess.Builder builder = ServiceProcess.of("bench-snapshot", "snapshot-service")
                .config("kafka.bootstrap.servers", bootstrap)
                .env("TANDEM_SNAPSHOT_INSTANCE_ID", "bench-snapshot")
                .database(database);
        ServiceProcess snapshot = builder.build();
        SnapshotReader reader = new SnapshotReader(snapshot);
        // READY comes only once the service has caught up: the first committed batch is watched beside it
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
        try {
            long started = System.nanoTime();
            watch.scheduleWithFixedDelay(() -> {
                try {
                    if (firstCommit.get() == 0 && snapshotCommitted(bootstrap) > 0) {
                        firstCommit.compareAndSet(0, System.nanoTime());
                    }
                } catch (Exception e) {
                    // the group does not exist yet
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            snapshot.start().awaitReady(snapshotMax);
            long ready = (System.nanoTime() - started) / 1_000_000;
            Map<String, Integer> folded = new HashMap<>();
            history.lastDocumentOf(Set.copyOf(IntStream.range(0, PARTITIONS).boxed().toList()))
                    .values().forEach(doc -> folded.put(doc, history.revision(doc)));
            await().atMost(snapshotMax).pollInterval(Duration.ofMillis(500)).until(() -> reader.current(folded));
            long current = (System.nanoTime() - started) / 1_000_000;
            watch.shutdownNow();
            long folding = (System.nanoTime() - (firstCommit.get() == 0 ? started : firstCommit.get())) / 1_000_000;
            snapshotMicrosPerOp = Math.max(1, folding) * 1000.0 / total;
            print(String.format("snapshot service, first start on the log (%,d records): READY +%d ms, the history "
                            + "documents current +%d ms; folding from its first committed batch took %d ms (%.0f us "
                            + "per record)", total, ready, current, folding, snapshotMicrosPerOp));

            Map<Integer, Long> loadFrom = endOffsets(bootstrap);
            try (EditLoad load = EditLoad.builder(bootstrap).documents(documentsInEveryPartition("snap"))
                    .clientsPerDocument(2).thinkTime(Duration.ofMillis(50), Duration.ofMillis(150))
                    .resendAfter(Duration.ofSeconds(2)).deadline(Duration.ofMinutes(10)).opsFromEnd().seed(size + 1)
                    .build()) {
                load.start();
                await().atMost(Duration.ofMinutes(2)).until(() -> load.committed() >= 200);
                snapshot.kill();
                long down = load.committed() + 1000;
                await().atMost(Duration.ofMinutes(3)).until(() -> load.committed() >= down);
                load.stopEditing();
                await().atMost(Duration.ofMinutes(3)).until(load::isDone);
                Map<String, Integer> latest = new HashMap<>();
                load.reports().forEach(r -> latest.merge(r.docId(), r.revision(), Math::max));
                long typedWhileDown = load.committed() - 200;
                long restarted = System.nanoTime();
                snapshot.start().awaitReady(snapshotMax);
                long readyAgain = (System.nanoTime() - restarted) / 1_000_000;
                await().atMost(snapshotMax).pollInterval(Duration.ofMillis(100)).until(() -> reader.current(latest));
                long currentAgain = (System.nanoTime() - restarted) / 1_000_000;
                print(String.format("snapshot service restart after kill -9 (about %,d ops typed while it was down, "
                                + "%,d records in the log): READY +%d ms, REST at the typed documents' latest revisions "
                                + "+%d ms", typedWhileDown, total, readyAgain, currentAgain));
                check("typists of the snapshot restart", bootstrap, load, loadFrom);
            }
        } finally {
            watch.shutdownNow();
            snapshot.stop();
            sequencer.stop();
        }
    }

    private void check(String what, String bootstrap, EditLoad load, Map<Integer, Long> from) {
        List<String> found = new ArrayList<>(load.failures());
        found.addAll(LogInvariants.check(OpsLog.read(bootstrap, load.documents(), from), load.reports()));
        print(what + ": " + load.committed() + " revisions committed, log invariants "
                + (found.isEmpty() ? "hold" : "VIOLATED: " + found));
        problems.addAll(found);
    }

    private ServiceProcess sequencer(String id, String bootstrap) {
        ServiceProcess.Builder builder = ServiceProcess.of("recovery-" + id, "sequencer-service")
                .config("kafka.bootstrap.servers", bootstrap)
                .config("tandem.sequencer.instance-id", id)
                .jvmOption("-Xmx" + sequencerHeap);
        return builder.build();
    }

    /** Waits until {@code service} has logged {@code count} partition rebuilds after {@code mark}. */
    private static void awaitRebuilt(ServiceProcess service, long mark, int count, Duration timeout) {
        if (count == 0) {
            return;
        }
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!service.isAlive()) {
                throw new IllegalStateException(service.log() + ": died\n" + service.logTail(30));
            }
            return ServiceLog.rebuilds(ServiceLog.since(service, mark)).size() >= count;
        });
    }

    private static void awaitCheckpointed(ServiceProcess sequencer, int documents) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() ->
                BenchmarkSystem.metrics(sequencer).getOrDefault("tandem_sequencer_checkpoints_written_total", 0.0)
                        >= documents);
    }

    private static void createOps(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(Topics.OPS, PARTITIONS, (short) 1)
                    .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1")))).all().get();
        }
    }

    private static Map<Integer, Long> endOffsets(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(Topics.OPS, p), OffsetSpec.latest());
            }
            Map<Integer, Long> ends = new TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
            return ends;
        }
    }

    /** Partition numbers of tandem.edits per group.instance.id of the sequencers' group. */
    private static Map<String, Set<Integer>> assignment(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Map<String, Set<Integer>> owned = new TreeMap<>();
            for (MemberDescription member : admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP)
                    .members()) {
                Set<Integer> partitions = new TreeSet<>();
                member.assignment().topicPartitions().forEach(tp -> partitions.add(tp.partition()));
                if (!partitions.isEmpty()) {
                    owned.put(member.groupInstanceId().orElse(member.consumerId()), partitions);
                }
            }
            return owned;
        }
    }

    /** Records of tandem.ops the snapshot service has folded and committed (its group's offsets, summed). */
    private static long snapshotCommitted(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            return admin.listConsumerGroupOffsets("tandem-snapshot").partitionsToOffsetAndMetadata().get().values()
                    .stream().filter(java.util.Objects::nonNull).mapToLong(o -> o.offset()).sum();
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** One new document in every partition. */
    private static List<String> documentsInEveryPartition(String prefix) {
        String run = Long.toHexString(System.nanoTime());
        Map<Integer, String> byPartition = new TreeMap<>();
        for (int i = 0; byPartition.size() < PARTITIONS; i++) {
            String doc = prefix + "-" + run + "-" + i;
            byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(doc.getBytes(StandardCharsets.UTF_8)))
                    % PARTITIONS, doc);
        }
        return List.copyOf(byPartition.values());
    }

    private static Set<Integer> partitions(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt)
                .collect(Collectors.toSet());
    }

    private static <T> long sum(List<T> items, ToLongFunction<T> value) {
        return items.stream().mapToLong(value).sum();
    }

    private static <T> long median(List<T> items, ToLongFunction<T> value) {
        long[] sorted = items.stream().mapToLong(value).sorted().toArray();
        return sorted.length == 0 ? -1 : sorted[sorted.length / 2];
    }

    private void print(String line) {
        System.out.println(line);
        out.append(line).append('\n');
    }
}
