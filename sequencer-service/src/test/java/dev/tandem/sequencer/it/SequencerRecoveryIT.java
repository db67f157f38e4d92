package dev.tandem.sequencer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.TestKafka;
import dev.tandem.testsupport.load.EditLoad;

/**
 * Recovery reads the checkpoints and the tail of the log, not the history: after thousands of edits, the only
 * sequencer is killed with SIGKILL and restarted, and its rebuild reads a small part of what tandem.ops holds;
 * the log then comes out as if nothing had happened (with two documents in memory at most, most documents come
 * back from their checkpoints one by one).
 */
class SequencerRecoveryIT {

    private static final long SEED = 20261202L;
    private static final Pattern OPS_READ = Pattern.compile(
            "tandem_sequencer_rebuild_records_read_total\\{topic=\"tandem.ops\"[^}]*}\\s+([0-9.E]+)");
    private static final Pattern CHECKPOINTS_READ = Pattern.compile(
            "tandem_sequencer_rebuild_records_read_total\\{topic=\"tandem.checkpoints\"[^}]*}\\s+([0-9.E]+)");

    @Test
    void aRestartedSequencerReadsCheckpointsAndTheTailOnly() throws Exception {
        ServiceProcess sequencer = SequencerProcesses.sequencer("recovery-1", 2, 40);
        try (EditLoad load = EditLoad.builder(TestKafka.get().bootstrapServers())
                .documents(SequencerProcesses.documentsInEveryPartition("recovery", 2))
                .clientsPerDocument(2)
                .seed(SEED)
                .thinkTime(Duration.ZERO, Duration.ofMillis(5))
                .resendAfter(Duration.ofSeconds(2))
                .build()) {
            sequencer.start().awaitReady(SequencerProcesses.READY);
            load.start();
            await().atMost(Duration.ofMinutes(3)).until(() -> load.committed() >= 1500);
            long before = load.committed();
            sequencer.kill();
            sequencer.start().awaitReady(SequencerProcesses.READY);
            long target = load.committed() + 100;
            await().atMost(Duration.ofMinutes(2)).until(() -> load.committed() >= target);

            String metrics = get(sequencer.baseUrl() + "/q/metrics");
            double opsRead = value(OPS_READ, metrics);
            double checkpointsRead = value(CHECKPOINTS_READ, metrics);
            System.out.printf("recovery IT: %d revisions before the kill; the restarted sequencer's rebuilds read %.0f"
                    + " records of tandem.ops and %.0f of tandem.checkpoints%n", before, opsRead, checkpointsRead);
            assertThat(checkpointsRead).as("checkpoints were read back").isPositive();
            // each revision is at least one record of tandem.ops: a rebuild from offset 0 reads them all
            assertThat(opsRead).as("records of tandem.ops read by the rebuilds").isLessThan(before / 4.0);
            SequencerProcesses.finishAndCheck("recovery IT", load);
        } finally {
            sequencer.stop();
        }
    }

    private static double value(Pattern pattern, String metrics) {
        Matcher matcher = pattern.matcher(metrics);
        assertThat(matcher.find()).as("metric %s in %n%s", pattern, metrics.lines()
                .filter(line -> line.contains("rebuild")).toList()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
