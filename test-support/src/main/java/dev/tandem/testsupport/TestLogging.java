package dev.tandem.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Keeps test output readable: the choice of infrastructure visible, the infrastructure's own chatter not.
 * <p>
 * Kafka 4.x logs through slf4j and log4j-api, zonky and Testcontainers through slf4j; this module routes all of
 * them, and System.Logger, into the JBoss LogManager, as Quarkus does, so the levels set here govern them all.
 * An in-process broker logs hundreds of INFO lines at startup, every Kafka client dumps its configuration, and
 * Testcontainers logs an ERROR with a stack of strategies on every machine without Docker (the normal case here,
 * reported instead in the one-line choice). Those categories are turned down unless a level was already set for
 * them, so a developer can turn one back up with {@code logging.properties} or {@code quarkus.log.category}.
 */
final class TestLogging {

    private static final Map<String, Level> QUIET = Map.of(
            "kafka", Level.WARNING,
            "org.apache.kafka", Level.WARNING,
            "state.change.logger", Level.WARNING,
            "io.zonky.test", Level.WARNING,
            "org.testcontainers", Level.WARNING,
            "org.testcontainers.dockerclient", Level.OFF);

    /** Loggers configured here; held so their level is not lost if a logger were collected. */
    private static final List<Logger> PINNED = new CopyOnWriteArrayList<>();
    private static boolean configured;

    private TestLogging() {
    }

    static synchronized void configure() {
        if (configured) {
            return;
        }
        configured = true;
        QUIET.forEach((category, level) -> {
            // the JBoss logger of the current log context: the one slf4j and log4j-api write to
            Logger logger = org.jboss.logmanager.Logger.getLogger(category);
            if (logger.getLevel() == null) {
                logger.setLevel(level);
            }
            PINNED.add(logger);
        });
    }

    /** For a process of our own: log lines on stderr, so stdout carries only what the process reports. */
    static void logToStderr() {
        org.jboss.logmanager.Logger root = org.jboss.logmanager.Logger.getLogger("");
        root.setHandlers(new Handler[] {new ConsoleHandler(ConsoleHandler.Target.SYSTEM_ERR,
                new PatternFormatter("%d{HH:mm:ss,SSS} %-5p [%c{3.}] %s%e%n"))});
        PINNED.add(root);
    }
}
