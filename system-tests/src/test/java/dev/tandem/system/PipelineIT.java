package dev.tandem.system;

import dev.tandem.ot.Ot;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.testsupport.JdbcTarget;
import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.TestKafka;
import dev.tandem.testsupport.TestPostgres;
import dev.tandem.testsupport.load.EditLoad;
import dev.tandem.testsupport.load.LogInvariants;
import dev.tandem.testsupport.load.OpsLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The durable core end to end: simulated clients submit concurrent edits to several documents, from stale base
 * revisions, through Kafka; the packaged sequencer and snapshot services run as separate processes. The committed
 * log must be sound (contiguous revisions, every edit committed exactly once, every client at the log's text) and
 * PostgreSQL must hold the same text as the log, at head and at sampled revisions.
 */
class PipelineIT {
    private static final Duration START = Duration.ofMinutes(2);

    private static String bootstrap;
    private static ServiceProcess sequencer;
    private static ServiceProcess snapshot;

    @BeforeAll
    static void startThePipeline() {
        bootstrap = TestKafka.get().bootstrapServers();
        JdbcTarget database = TestPostgres.get().newDatabase("pipeline");
        sequencer = ServiceProcess.of("pipeline-sequencer", "sequencer-service")
                .env("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
                .config("tandem.sequencer.instance-id", "pipeline-1")
                .build().start();
        sequencer.awaitReady(START);
        snapshot = ServiceProcess.of("pipeline-snapshot", "snapshot-service")
                .config("kafka.bootstrap.servers", bootstrap)
                .config("quarkus.datasource.jdbc.url", database.jdbcUrl())
                .config("quarkus.datasource.username", database.user())
                .config("quarkus.datasource.password", database.password() == null ? "" : database.password())
                .config("tandem.snapshot.snapshot-interval", "25")
                .env("TANDEM_SNAPSHOT_INSTANCE_ID", "pipeline-snapshot-1")
                .build().start();
        snapshot.awaitReady(START);
    }

    @AfterAll
    static void stopThePipeline() {
        if (snapshot != null) {
            snapshot.stop();
        }
        if (sequencer != null) {
            sequencer.stop();
        }
    }

    @Test
    void concurrentEditsFromStaleRevisionsAreCommittedOnceAndFoldedIntoPostgres() {
        try (EditLoad load = EditLoad.builder(bootstrap).documents("pipeline", 4).clientsPerDocument(3)
                .seed(2026).thinkTime(Duration.ofMillis(5), Duration.ofMillis(40)).maxEditsPerClient(150).build()) {
            load.start();
            await().atMost(Duration.ofMinutes(4)).until(load::isDone);
            assertThat(load.failures()).isEmpty();

            OpsLog log = OpsLog.read(bootstrap, load.documents());
            assertThat(LogInvariants.check(log, load.reports())).isEmpty();

            HistoryClient history = new HistoryClient(snapshot.baseUrl());
            Random random = new Random(7);
            for (String doc : load.documents()) {
                List<OpCommitted> committed = log.committed(doc);
                int head = committed.size();
                assertThat(head).as("revisions of %s", doc).isGreaterThan(20);
                await().atMost(Duration.ofMinutes(1)).until(
                        () -> history.head(doc).map(DocumentState::revision).orElse(0) == head);
                assertThat(history.head(doc).orElseThrow().text()).isEqualTo(log.text(doc));
                for (int revision : sampledRevisions(head, random)) {
                    assertThat(history.at(doc, revision).text()).as("%s at revision %d", doc, revision)
                            .isEqualTo(textAt(committed, revision));
                }
            }
        }
    }

    private static TreeSet<Integer> sampledRevisions(int head, Random random) {
        TreeSet<Integer> revisions = new TreeSet<>(List.of(0, 1, head / 2, head - 1, head));
        for (int i = 0; i < 8; i++) {
            revisions.add(random.nextInt(head + 1));
        }
        return revisions;
    }

    private static String textAt(List<OpCommitted> committed, int revision) {
        String text = "";
        for (OpCommitted op : committed.subList(0, revision)) {
            text = Ot.apply(text, op.edit().operation());
        }
        return text;
    }
}
