package dev.tandem.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Starts a run and supervises it until Ctrl-C (or {@code ./tandem down}): infrastructure first, then the first
 * sequencer (it creates the topics), then everything else, each awaited until it serves.
 */
@Command(name = "up", description = "Build what is missing, start everything, supervise it; Ctrl-C stops it all.")
final class UpCommand implements Callable<Integer> {

    static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    @ParentCommand
    Tandem tandem;

    @Option(names = "--gateways", defaultValue = "1", description = "gateways (1 to 9, default 1)")
    int gateways;

    @Option(names = "--sequencers", defaultValue = "1", description = "sequencers (1 to 9, default 1)")
    int sequencers;

    @Option(names = "--embedded-postgres", description = "an embedded PostgreSQL even if a local server answers")
    boolean embeddedPostgres;

    @Option(names = "--base-port", defaultValue = "8080", description = "the first gateway's port; every other port "
            + "moves with it (default 8080)")
    int basePort;

    @Option(names = "--listen", defaultValue = "127.0.0.1", description = "the gateways' bind address (default "
            + "127.0.0.1; 0.0.0.0 opens them to the network). Internal services always listen on 127.0.0.1")
    String listen;

    @Option(names = "--gateway-connections", defaultValue = "10000", description = "connections each gateway accepts "
            + "(default 10000); its heap is sized from it: -Xmx = 320 MiB + 20 KiB per connection")
    int gatewayConnections;

    @Option(names = "--no-build", description = "never build; fail if a service is not built")
    boolean noBuild;

    @Override
    public Integer call() throws Exception {
        if (gateways < 1 || gateways > Ports.MAX_INSTANCES || sequencers < 1 || sequencers > Ports.MAX_INSTANCES) {
            throw new IllegalArgumentException("--gateways and --sequencers must be 1 to " + Ports.MAX_INSTANCES);
        }
        RunLayout layout = tandem.layout();
        Ports ports = Ports.fromBase(basePort);
        refuseIfRunning(layout);
        refuseTakenPorts(ports);

        if (!noBuild) {
            var stale = ServiceBuild.staleReason(layout.root());
            if (stale.isPresent()) {
                Console.say(stale.get());
                ServiceBuild.build(layout.root());
            } else {
                Console.say("the service jars are up to date");
            }
        }
        Files.createDirectories(layout.logs());
        ServiceBuild.copyApps(layout.root(), layout.apps());

        String java = ProcessHandle.current().info().command().orElse("java");
        var topology = new Topology(java, System.getProperty("java.class.path"), layout.apps(), layout.kafkaData(),
                ports, listen, gatewayConnections);
        String gatewayUrl = "http://" + (listen.equals("0.0.0.0") || listen.equals("127.0.0.1") ? "localhost" : listen)
                + ":" + ports.gateway(1) + "/";

        var supervisor = new Supervisor(layout);
        var control = new ControlServer(supervisor);
        supervisor.publishControl(control.port(), gatewayUrl);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.close();
            supervisor.close();
        }, "tandem-shutdown"));

        try {
            Console.say("Kafka: a KRaft broker on 127.0.0.1:" + ports.kafka() + " (data in " + layout.kafkaData() + ")");
            startAndAwait(supervisor, List.of(topology.kafka()));
            Topology.Jdbc jdbc = postgres(layout, topology, supervisor);
            String adminUrl = jdbc.url().substring(0, jdbc.url().lastIndexOf('/') + 1) + "postgres";
            var rebuild = new ReadSideRebuild(supervisor, jdbc, adminUrl, layout.databaseName(),
                    "127.0.0.1:" + ports.kafka());
            startAndAwait(supervisor, List.of(topology.sequencer(1))); // it creates the topics
            String key = readOnlyKey(layout);
            List<ServiceSpec> rest = new ArrayList<>();
            rest.add(topology.snapshot(jdbc));
            for (int i = 1; i <= gateways; i++) {
                rest.add(topology.gateway(i, key));
            }
            for (int i = 2; i <= sequencers; i++) {
                rest.add(topology.sequencer(i));
            }
            startAndAwait(supervisor, rest);
            control.onRebuildReadSide(() -> {
                rebuild.run();
                return "the read side was rebuilt from the log";
            });
        } catch (Supervisor.StartupException e) {
            Console.error(e.getMessage());
            return 1; // the shutdown hook stops what was started
        }

        Console.say("Tandem is up. Open " + gatewayUrl);
        for (int i = 2; i <= gateways; i++) {
            Console.say("  another gateway: http://localhost:" + ports.gateway(i) + "/");
        }
        Console.say("Create a document: curl -X POST http://localhost:" + ports.gateway(1) + "/api/docs");
        Console.say("./tandem status shows what runs where; a process that dies is restarted. Ctrl-C stops everything.");
        control.awaitStopRequest();
        Console.say("stopping everything (asked by ./tandem down) ...");
        supervisor.stopAll();
        Console.say("stopped");
        return 0;
    }

    private static void startAndAwait(Supervisor supervisor, List<ServiceSpec> specs) {
        specs.forEach(supervisor::start);
        for (ServiceSpec spec : specs) {
            supervisor.awaitReady(spec.name(), START_TIMEOUT);
            Console.say(spec.name() + " ready on 127.0.0.1:" + spec.port());
        }
    }

    private Topology.Jdbc postgres(RunLayout layout, Topology topology, Supervisor supervisor) throws Exception {
        String database = layout.databaseName();
        if (!embeddedPostgres) {
            var whyNot = new StringBuilder();
            var connection = LocalPostgres.connect(whyNot);
            if (connection.isPresent()) {
                try (var c = connection.get()) {
                    boolean created = LocalPostgres.createDatabaseIfMissing(c, database);
                    Console.say("PostgreSQL: the local server on 127.0.0.1:5432, database " + database
                            + (created ? " (created; this run's own)" : " (this run's own)"));
                }
                return new Topology.Jdbc(LocalPostgres.jdbcUrl(database), LocalPostgres.USER, "");
            }
            Console.say("no local PostgreSQL on 127.0.0.1:5432 (" + whyNot + "): starting an embedded one");
        }
        Files.createDirectories(layout.postgresData().getParent());
        var spec = topology.embeddedPostgres(layout.postgresData(), database);
        Console.say("PostgreSQL: an embedded server on 127.0.0.1:" + spec.port() + " (data in " + layout.postgresData()
                + ")");
        startAndAwait(supervisor, List.of(spec));
        return new Topology.Jdbc("jdbc:postgresql://127.0.0.1:" + spec.port() + "/" + database, "postgres", "");
    }

    /** The deployment's read-only key: made once per state directory and kept, or every read-only link breaks. */
    private static String readOnlyKey(RunLayout layout) throws IOException {
        if (!Files.isRegularFile(layout.readOnlyKey())) {
            byte[] key = new byte[16];
            new SecureRandom().nextBytes(key);
            Files.writeString(layout.readOnlyKey(), Base64.getEncoder().encodeToString(key) + "\n");
        }
        return Files.readString(layout.readOnlyKey(), StandardCharsets.UTF_8).trim();
    }

    static void refuseIfRunning(RunLayout layout) {
        RunState.read(layout.stateFile()).ifPresent(run -> {
            if (run.supervisorAlive()) {
                throw new IllegalStateException("Tandem already runs from " + layout.state() + " (supervisor pid "
                        + run.supervisorPid() + "): ./tandem status, or ./tandem down first");
            }
            for (RunState.Process p : run.processes()) {
                if (Leftovers.isOurs(p.pid(), layout)) {
                    throw new IllegalStateException(p.name() + " (pid " + p.pid() + ") of an earlier run is still "
                            + "running: ./tandem down first");
                }
            }
        });
    }

    private void refuseTakenPorts(Ports ports) {
        List<Integer> wanted = new ArrayList<>(List.of(ports.kafka(), ports.kafkaController(), ports.snapshot()));
        for (int i = 1; i <= gateways; i++) {
            wanted.add(ports.gateway(i));
        }
        for (int i = 1; i <= sequencers; i++) {
            wanted.add(ports.sequencer(i));
        }
        for (int port : wanted) {
            if (new Readiness.Tcp(port).probe()) {
                throw new IllegalStateException("port " + port + " is taken (another ./tandem up, or something "
                        + "else?); --base-port moves every port of this run");
            }
        }
    }
}
