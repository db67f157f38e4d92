package dev.tandem.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownMemberIdException;

/**
 * Rebuilds a local run's whole read side from the log: stop the snapshot service, drop and re-create its database,
 * forget the snapshot consumer group (its static member first, which a stopped static member never leaves by itself),
 * start the snapshot service again. It migrates the empty database and folds {@code tandem.ops} from offset 0
 * ({@code auto.offset.reset=earliest}): PostgreSQL becomes exactly the fold of the log. The gateways keep serving
 * live documents meanwhile; joins of other documents wait until the read side has caught up again.
 */
final class ReadSideRebuild {

    static final String SNAPSHOT = "snapshot";
    static final String GROUP = "tandem-snapshot";
    static final String INSTANCE_ID = "snapshot-1";

    private final Supervisor supervisor;
    private final Topology.Jdbc jdbc;
    private final String adminUrl;
    private final String database;
    private final String bootstrap;

    /**
     * @param adminUrl a JDBC URL of the same server's {@code postgres} database, to drop and create the run's one
     */
    ReadSideRebuild(Supervisor supervisor, Topology.Jdbc jdbc, String adminUrl, String database, String bootstrap) {
        this.supervisor = supervisor;
        this.jdbc = jdbc;
        this.adminUrl = adminUrl;
        this.database = database;
        this.bootstrap = bootstrap;
    }

    void run() throws Exception {
        long started = System.nanoTime();
        Console.say("rebuilding the read side: stopping the snapshot service");
        supervisor.stop(SNAPSHOT);
        try {
            try (Connection c = DriverManager.getConnection(adminUrl, jdbc.user(), jdbc.password())) {
                LocalPostgres.dropDatabase(c, database);
                LocalPostgres.createDatabaseIfMissing(c, database);
            }
            Console.say("rebuilding the read side: database " + database + " dropped and created empty");
            forgetGroup();
            Console.say("rebuilding the read side: consumer group " + GROUP + " deleted; the snapshot service folds "
                    + "tandem.ops from offset 0");
        } finally {
            supervisor.resume(SNAPSHOT);
        }
        supervisor.awaitReady(SNAPSHOT, Duration.ofMinutes(30));
        Console.say("rebuilding the read side: the snapshot service serves again ("
                + Uptime.format(Duration.ofNanos(System.nanoTime() - started)) + "); ./tandem status shows its lag");
    }

    private void forgetGroup() throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            try {
                admin.removeMembersFromConsumerGroup(GROUP, new RemoveMembersFromConsumerGroupOptions(
                        List.of(new MemberToRemove(INSTANCE_ID)))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)
                        && !(e.getCause() instanceof UnknownMemberIdException)) {
                    throw e;
                }
            }
            try {
                admin.deleteConsumerGroups(List.of(GROUP)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
            }
        }
    }
}
