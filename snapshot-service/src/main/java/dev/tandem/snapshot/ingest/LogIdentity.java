package dev.tandem.snapshot.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.tandem.protocol.Topics;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;

/**
 * Makes sure this database is the projection of this log, before anything of the log is folded into it.
 * <p>
 * The first time, it records the topic id of {@code tandem.ops} (Kafka's UUID of the topic, new whenever the topic is
 * created again). Afterwards a different id means the database was filled from another log (the log was wiped and
 * made again, or another deployment shares the database): its revisions would meet revisions stored here from the
 * other log, and the projection would silently keep the wrong ops. So the service refuses: it logs what happened and
 * how to fix it, and stops. It checks at start (in the background, waiting for the topic to exist) and again before
 * the first batch, whichever comes first.
 */
@ApplicationScoped
public class LogIdentity {

    private static final Logger LOG = Logger.getLogger(LogIdentity.class);

    /** What the stored and the current identity say, together. */
    enum Verdict { RECORD, MATCH, MISMATCH }

    private final DataSource dataSource;
    private final String bootstrap;
    private volatile boolean verified;

    public LogIdentity(DataSource dataSource, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.dataSource = dataSource;
        this.bootstrap = bootstrap;
    }

    static Verdict decide(Optional<String> stored, String current) {
        if (stored.isEmpty()) {
            return Verdict.RECORD;
        }
        return stored.get().equals(current) ? Verdict.MATCH : Verdict.MISMATCH;
    }

    void onStart(@Observes StartupEvent start) {
        var thread = new Thread(() -> {
            try {
                verify();
            } catch (AnotherLog e) {
                // said above, and the service is stopping
            } catch (RuntimeException e) {
                LOG.warnf("could not check which log this database belongs to yet: %s (checked again before the "
                        + "first batch)", e.toString());
            }
        }, "tandem-log-identity");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the database is known to belong to this log; readiness is DOWN until it is. */
    public boolean verified() {
        return verified;
    }

    /** Returns once the database is known to belong to this log; stops the service if it does not. */
    public synchronized void verify() {
        if (verified) {
            return;
        }
        String current = topicId();
        try (Connection c = dataSource.getConnection()) {
            Optional<String> stored = stored(c);
            switch (decide(stored, current)) {
                case RECORD -> {
                    try (var insert = c.prepareStatement(
                            "insert into log_identity (topic, topic_id) values (?, ?) on conflict do nothing")) {
                        insert.setString(1, Topics.OPS);
                        insert.setString(2, current);
                        insert.executeUpdate();
                    }
                    if (!c.getAutoCommit()) {
                        c.commit();
                    }
                    LOG.infof("this database is now the projection of %s with topic id %s", Topics.OPS, current);
                }
                case MATCH -> LOG.debugf("this database is the projection of %s (topic id %s)", Topics.OPS, current);
                case MISMATCH -> {
                    LOG.errorf("this database was filled from another log: it is the projection of %s with topic "
                            + "id %s, but the broker's %s has topic id %s (the log was wiped and created again, or "
                            + "another deployment shares this database). Folding this log into it would keep ops of "
                            + "the other log under the same revisions, so the snapshot service refuses to start. "
                            + "Fix: rebuild the read side from this log (./tandem rebuild-read-side, or "
                            + "docs/operations.md, Rebuilding the read side), or point the service at this log's own "
                            + "database.", Topics.OPS, stored.orElseThrow(), Topics.OPS, current);
                    Quarkus.asyncExit(2);
                    throw new AnotherLog();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read log_identity: " + e.getMessage(), e);
        }
        verified = true;
    }

    /** This database is the projection of another log. */
    static final class AnotherLog extends IllegalStateException {
        AnotherLog() {
            super("this database belongs to another log");
        }
    }

    private static Optional<String> stored(Connection c) throws SQLException {
        try (var select = c.prepareStatement("select topic_id from log_identity where topic = ?")) {
            select.setString(1, Topics.OPS);
            var rs = select.executeQuery();
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** The topic id of tandem.ops; waits (up to a few minutes) for the sequencer to create the topic. */
    private String topicId() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (int attempt = 0; ; attempt++) {
                try {
                    return admin.describeTopics(List.of(Topics.OPS)).allTopicNames().get(30, TimeUnit.SECONDS)
                            .get(Topics.OPS).topicId().toString();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt >= 120) {
                        throw new IllegalStateException("could not describe " + Topics.OPS + ": " + e.getCause(), e);
                    }
                    Thread.sleep(1000); // the sequencer has not created it yet
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the broker did not describe " + Topics.OPS + " within 30 s", e);
        }
    }
}
