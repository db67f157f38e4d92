package dev.tandem.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tandem.protocol.SizeLimits;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft; broker and controller in one server) started from the Kafka jars,
 * for machines without Docker. It is the same broker code a cluster runs, so transactions, consumer groups and
 * read_committed isolation behave as in production; only replication is absent.
 * <p>
 * The internal topics (offsets, transaction state, share-coordinator state) get replication factor 1 and min
 * ISR 1 (the defaults of 3 and 2 would leave a one-broker group or transaction coordinator unavailable for
 * ever), and few partitions, because creating the default 50 slows the first consumer group and the first
 * transaction by seconds. Topics are auto-created, as on a stock broker.
 * <p>
 * The broker's failover timers are {@link #FAILOVER_SETTINGS}, the same in every broker this project starts
 * (docs/operations.md, "Failover: the timeouts").
 * <p>
 * {@link #main(String[])} runs it as its own process for a launcher script: it prints {@code READY <bootstrap>}
 * on stdout once clients can connect and runs until killed.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /**
     * The broker settings that bound how long a dead sequencer holds up its documents, for every broker this project
     * starts: this one (tests, and {@code ./tandem up}, which runs {@link #main}), the Testcontainers broker
     * ({@link Containers}) and {@code docker-compose.yml} ({@code KAFKA_*}, checked by a test).
     * <ul>
     *   <li>{@code transaction.abort.timed.out.transaction.cleanup.interval.ms}: how often the broker looks for
     *       transactions past their {@code transaction.timeout.ms} and aborts them (default 10 s). A dead sequencer's
     *       open transaction blocks read_committed readers of its partitions until then; 250 ms adds at most a quarter
     *       of a second to the sequencer's 1.5 s transaction timeout.</li>
     *   <li>{@code group.min.session.timeout.ms}: the shortest session a consumer may ask for (default 6 s); the
     *       sequencer asks for 1.5 s, so that a dead instance's partitions move within about 2 s.</li>
     * </ul>
     */
    public static final Map<String, String> FAILOVER_SETTINGS = Map.of(
            "transaction.abort.timed.out.transaction.cleanup.interval.ms", "250",
            "group.min.session.timeout.ms", "1000");

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean ownsDataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    /** Starts a broker on free loopback ports with a temporary data directory, deleted on {@link #close()}. */
    public static EmbeddedKafkaBroker start() throws IOException {
        return start(0, 0, null, Map.of());
    }

    /**
     * Starts a broker and returns once it accepts clients.
     *
     * @param brokerPort     client port on 127.0.0.1, 0 for a free one
     * @param controllerPort KRaft controller port on 127.0.0.1, 0 for a free one
     * @param dataDir        where the log lives; reused if already formatted (a restart keeps its topics);
     *                       {@code null} for a temporary directory deleted on close
     * @param overrides      broker settings that replace or add to the single-node defaults
     */
    public static EmbeddedKafkaBroker start(int brokerPort, int controllerPort, Path dataDir,
                                            Map<String, String> overrides) throws IOException {
        boolean owns = dataDir == null;
        Path dir = owns ? Files.createTempDirectory("tandem-kafka-") : Files.createDirectories(dataDir);
        int port = brokerPort == 0 ? freePort() : brokerPort;
        int cport = controllerPort == 0 ? freePort() : controllerPort;
        Properties props = settings(port, cport, dir.resolve("kraft"));
        props.putAll(overrides);
        if (!Files.exists(dir.resolve("kraft").resolve("meta.properties"))) {
            format(props, dir.resolve("server.properties"));
        }
        var server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            if (owns) {
                Directories.deleteQuietly(dir);
            }
            throw e;
        }
        return new EmbeddedKafkaBroker(server, "127.0.0.1:" + port, dir, owns);
    }

    /** The single-node settings; see the class comment for why each internal topic is sized as it is. */
    static Properties settings(int brokerPort, int controllerPort, Path logDir) {
        var props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "5");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.putAll(FAILOVER_SETTINGS);
        // records of the largest size the system admits, from the frame limit the services read too
        props.put("message.max.bytes", String.valueOf(SizeLimits.maxKafkaRecordBytes(maxFrameBytes())));
        return props;
    }

    /** {@code TANDEM_LIMITS_MAX_FRAME_BYTES}, as the services read it, or the default frame limit. */
    static int maxFrameBytes() {
        return Setting.lookup("TANDEM_LIMITS_MAX_FRAME_BYTES", "tandem.limits.max-frame-bytes")
                .map(setting -> Integer.parseInt(setting.value().trim()))
                .orElse(SizeLimits.DEFAULT_MAX_FRAME_BYTES);
    }

    /** KRaft refuses an unformatted log dir. A formatted one (a restart) is left as it is: it holds the cluster id. */
    private static void format(Properties props, Path propertiesFile) throws IOException {
        try (Writer out = Files.newBufferedWriter(propertiesFile)) {
            props.store(out, "written by " + EmbeddedKafkaBroker.class.getName());
        }
        var output = new ByteArrayOutputStream();
        String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", propertiesFile.toString()};
        int exit;
        try (var print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(args, print);
        } catch (Exception e) {
            throw new IOException("formatting the Kafka log dir failed: "
                    + output.toString(StandardCharsets.UTF_8), e);
        }
        if (exit != 0) {
            throw new IOException("formatting the Kafka log dir exited " + exit + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code host:port} for the {@code bootstrap.servers} client setting. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Blocks until the broker has shut down (by {@link #close()} or a fatal error). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    /** Stops the broker (a controlled shutdown, a few seconds) and deletes a temporary data directory. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            // looked up here, not in a static field: main() must set the JUL manager before any logger exists
            System.getLogger(EmbeddedKafkaBroker.class.getName())
                    .log(System.Logger.Level.WARNING, "Kafka broker did not shut down cleanly", e);
        }
        if (ownsDataDir) {
            Directories.deleteQuietly(dataDir);
        }
    }

    /**
     * Runs a broker until the process is killed.
     * Usage: {@code EmbeddedKafkaBroker [brokerPort [controllerPort [dataDir]]] [key=value ...]}; ports default
     * to 9092 and 9093 (0 picks a free one), the data dir to a temporary one, and {@code key=value} arguments
     * override broker settings. Prints {@code READY 127.0.0.1:<port>} on stdout when clients can connect; log
     * lines go to stderr.
     */
    public static void main(String[] args) throws IOException {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        TestLogging.logToStderr();
        TestLogging.configure();
        List<String> positional = new ArrayList<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                overrides.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                positional.add(arg);
            }
        }
        int brokerPort = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 9092;
        int controllerPort = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 9093;
        Path dataDir = positional.size() > 2 ? Path.of(positional.get(2)) : null;

        var broker = start(brokerPort, controllerPort, dataDir, overrides);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "tandem-kafka-shutdown"));
        System.out.println("READY " + broker.bootstrapServers());
        System.out.flush();
        broker.awaitShutdown();
    }
}
