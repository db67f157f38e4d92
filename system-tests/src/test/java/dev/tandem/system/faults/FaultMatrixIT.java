package dev.tandem.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.tandem.system.browser.TandemServices;
import dev.tandem.testsupport.Directories;
import dev.tandem.testsupport.JdbcTarget;
import dev.tandem.testsupport.KafkaBrokerProcess;
import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.TestPostgres;

/**
 * The fault matrix (issue 10): the packaged services as processes, two sequencers sharing the partitions, a Kafka
 * broker and a PostgreSQL server of the matrix's own (so that they can be killed without disturbing anyone else),
 * and typists on thirteen documents all through each fault. Each row kills one thing with SIGKILL, and then:
 * nothing lost or applied twice ({@code LogInvariants}), every client at the log's text, PostgreSQL (the snapshot
 * service's REST API) equal to the log. The recovery times are measured and PRINTED, never asserted; the table
 * is printed at the end and recorded in docs/benchmarks.md.
 *
 * <p>The restart after a pause longer than the gateway's look-back is its own test, {@code RestartAfterPauseIT}
 * (gateway-service). {@code -Dtandem.faults.rounds=N} repeats every fault N times (the long run, see README).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultMatrixIT {

    private static final Duration START = Duration.ofMinutes(2);
    private static final int ROUNDS = Integer.getInteger("tandem.faults.rounds", 1);
    private static final Duration BROKER_DOWN = Duration.ofSeconds(Long.getLong("tandem.faults.broker-down-s", 5));
    private static final Path DIR = Path.of("target", "fault-matrix").toAbsolutePath();
    private static final List<String> TABLE = new ArrayList<>();

    private static KafkaBrokerProcess broker;
    private static PrivatePostgres postgres;
    private static String noPrivatePostgres;
    private static TandemServices tandem;
    private static Supervision supervision;

    @BeforeAll
    static void startTheSystem() {
        Directories.deleteQuietly(DIR);
        broker = KafkaBrokerProcess.of(DIR.resolve("kafka"), DIR.resolve("kafka.log")).start().awaitReady(START);
        JdbcTarget database;
        try {
            postgres = PrivatePostgres.start(DIR.resolve("postgres"));
            database = postgres.newDatabase("tandem_faults");
        } catch (RuntimeException e) {
            noPrivatePostgres = "no PostgreSQL of the matrix's own could be started (" + e + "): the shared"
                    + " server is used, and it is not restarted under other people's tests";
            database = TestPostgres.get().newDatabase("faults");
        }
        tandem = TandemServices.start("faults", broker.bootstrapServers(), database, 2, Map.of(), List.of());
        supervision = new Supervision(tandem.processes());
    }

    @AfterAll
    static void stopTheSystem() {
        if (supervision != null) {
            supervision.close();
        }
        if (tandem != null) {
            tandem.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        System.out.println("FaultMatrixIT: recovery times (" + Runtime.getRuntime().availableProcessors()
                + " cores)\n  " + String.join("\n  ", TABLE));
    }

    @Test
    @Order(1)
    void aSequencerKilledAndRestartedTakesItsDocumentsBack() {
        ServiceProcess victim = tandem.sequencers().get(1);
        row("sequencer kill -9, restarted", 101, run -> {
            long killed = System.nanoTime();
            long ready = killAndRestart(victim);
            Duration first = run.firstCommitOnEveryDocumentAfter(killed);
            // its partitions come back to it when it rejoins: a second, shorter move, also measured
            run.firstCommitOnEveryDocumentAfter(ready + Duration.ofSeconds(2).toNanos());
            return "every document's next revision " + s(first) + " after the kill; longest stall of a document "
                    + s(run.longestStallSince(killed)) + " (both moves)";
        });
    }

    @Test
    @Order(2)
    void aGatewayKilledAndRestartedServesItsPeopleAgain() {
        row("gateway kill -9, restarted", 202, run -> {
            long killed = System.nanoTime();
            long ready = killAndRestart(tandem.gateway());
            // from READY on: an ack already on its way when the gateway died can still arrive just after the kill
            Duration afterReady = run.firstAckAfter(ready);
            return "the people on it acked again " + s(Duration.ofNanos(ready - killed).plus(afterReady))
                    + " after the kill (READY after " + s(Duration.ofNanos(ready - killed)) + ", then "
                    + s(afterReady) + ")";
        });
    }

    @Test
    @Order(3)
    void aSnapshotServiceKilledAndRestartedIsCurrentAgainSoonAfterItIsReady() {
        row("snapshot service kill -9, restarted", 303, run -> {
            long killed = System.nanoTime();
            long ready = killAndRestart(tandem.snapshot());
            return "READY " + s(Duration.ofNanos(ready - killed)) + " after the kill; REST current "
                    + s(run.restCurrentAfter(ready)) + " after READY";
        });
    }

    @Test
    @Order(4)
    void aBrokerKilledAndRestartedIsAckingAgainSoonAfterItIsBack() {
        // the sequencers replace their producer in place: a broker restart costs no process restart
        row("Kafka broker kill -9, restarted after " + BROKER_DOWN.toSeconds() + " s", 404, List.of("sequencer"), run -> {
            long killed = System.nanoTime();
            broker.kill();
            await().atMost(BROKER_DOWN.plusSeconds(5)).until(() -> System.nanoTime() - killed >= BROKER_DOWN.toNanos());
            broker.start().awaitReady(START);
            long back = System.nanoTime();
            return "broker READY " + s(Duration.ofNanos(back - killed)) + " after the kill; every document's next"
                    + " revision " + s(run.firstCommitOnEveryDocumentAfter(back)) + " after it was back, the"
                    + " people's " + s(run.firstAckAfter(back));
        });
    }

    @Test
    @Order(5)
    void postgresKilledAndRestartedLosesNothingOfTheReadSide() {
        assumeTrue(postgres != null, noPrivatePostgres);
        row("PostgreSQL kill -9 of the postmaster, restarted", 505, run -> {
            long killed = System.nanoTime();
            postgres.killAndRestart();
            long back = System.nanoTime();
            return "PostgreSQL back " + s(Duration.ofNanos(back - killed)) + " after the kill; REST current "
                    + s(run.restCurrentAfter(back)) + " after it was back";
        });
    }

    @Test
    @Order(6)
    void aSequencerKilledForGoodHasItsDocumentsMovedToTheOther() {
        ServiceProcess victim = tandem.sequencers().get(1);
        row("sequencer kill -9, not restarted", 606, run -> {
            if (!victim.isAlive()) { // a later round of the long run: bring it back, and let the partitions settle
                victim.start().awaitReady(START);
                run.firstCommitOnEveryDocumentAfter(System.nanoTime() + Duration.ofSeconds(3).toNanos());
            }
            supervision.exempt(victim);
            long killed = System.nanoTime();
            victim.kill();
            return "failover: every document's next revision " + s(run.firstCommitOnEveryDocumentAfter(killed))
                    + " after the kill; longest stall of a document " + s(run.longestStallSince(killed));
        });
    }

    /**
     * Runs the fault {@link #ROUNDS} times, each under typists of its own, then checks and prints. A process that
     * stopped by itself meanwhile is restarted by the supervision and named in the row: it is a matter of speed,
     * printed; what it must not do, lose or repeat an edit, is checked.
     */
    private static void row(String fault, long seed, Function<FaultRun, String> inject) {
        row(fault, seed, List.of(), inject);
    }

    /** {@code mustStayUp}: processes (by a part of their log's name) that must not exit by themselves in this row. */
    private static void row(String fault, long seed, List<String> mustStayUp, Function<FaultRun, String> inject) {
        for (int round = 1; round <= ROUNDS; round++) {
            supervision.takeRestarts();
            try (FaultRun run = new FaultRun(tandem, "faults-" + seed, seed + round).start()) {
                String measured = inject.apply(run);
                run.finishAndCheck();
                List<String> exited = supervision.takeRestarts();
                String line = fault + (ROUNDS > 1 ? " (round " + round + ")" : "") + ": " + measured
                        + (exited.isEmpty() ? "" : "; exited by themselves and were restarted: " + exited)
                        + "; " + run.committed() + " revisions through Kafka";
                System.out.println("FaultMatrixIT: " + line);
                TABLE.add(line);
                assertThat(exited).as("processes that exited by themselves in: " + fault)
                        .noneMatch(name -> mustStayUp.stream().anyMatch(name::contains));
            }
        }
    }

    /** SIGKILL, then started again at once, as a supervisor does; returns when it is ready again. */
    private static long killAndRestart(ServiceProcess victim) {
        supervision.exempt(victim);
        try {
            victim.kill();
            victim.start().awaitReady(START);
            return System.nanoTime();
        } finally {
            supervision.watch(victim);
        }
    }

    private static String s(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
