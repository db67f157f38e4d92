package dev.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.ws.TandemTestClient;

/**
 * The launcher as a user runs it: {@code tandem up} as its own process (the packaged launcher jar and its classpath
 * file, exactly what ./tandem runs), on ports of its own ({@code --base-port}) and a state directory of its own,
 * with the real Kafka broker, the local (or an embedded) PostgreSQL and the packaged services. Then kill -9 of each
 * process while two clients type: that process alone comes back, and the clients converge with every edit in the
 * log exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {

    private static final int BASE_PORT = Integer.getInteger("tandem.it.base-port", 28080);
    private static final Path ROOT = ServiceProcess.projectRoot();
    private static final Path STATE = ROOT.resolve("launcher/target/it-run");
    private static final Duration STEP = Duration.ofMinutes(3);

    private static final List<String> DOCUMENTS = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    private static Process up;
    private static Path upLog;

    @BeforeAll
    static void up() throws Exception {
        for (String module : ServiceBuild.SERVICES) {
            assertThat(ServiceBuild.runJar(ROOT, module)).as(module + " must be packaged first (./mvnw verify "
                    + "builds it before this module)").isRegularFile();
        }
        ServiceBuild.deleteTree(STATE);
        Files.createDirectories(STATE);
        assertThat(Tandem.run("--root", ROOT.toString(), "--state-dir", STATE.toString(), "reset")).isZero();
        upLog = STATE.resolve("up.out");
        up = new ProcessBuilder(launcherCommand("up", "--base-port", String.valueOf(BASE_PORT), "--no-build"))
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(upLog.toFile()).start();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(up.isAlive()).as("tandem up exited:\n" + Files.readString(upLog)).isTrue();
            return Files.readString(upLog).contains("Tandem is up");
        });
    }

    @AfterAll
    static void down() throws Exception {
        if (up == null) {
            return;
        }
        if (!up.isAlive()) { // the last test's run refused to start
            Tandem.run("--root", ROOT.toString(), "--state-dir", STATE.toString(), "down");
            Tandem.run("--root", ROOT.toString(), "--state-dir", STATE.toString(), "reset");
            return;
        }
        var run = RunState.read(STATE.resolve("run.json"));
        int exit = Tandem.run("--root", ROOT.toString(), "--state-dir", STATE.toString(), "down");
        assertThat(up.waitFor(2, TimeUnit.MINUTES)).as("tandem up ends after down").isTrue();
        System.out.println("---- tandem up's output ----\n" + Files.readString(upLog));
        assertThat(exit).isZero();
        assertThat(up.exitValue()).isZero();
        for (RunState.Process p : run.orElseThrow().processes()) {
            assertThat(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false)).as(p.name()).isFalse();
        }
    }

    @Test
    @Order(1)
    void statusShowsEveryProcessWithItsPortAndReadiness() {
        var out = new java.io.ByteArrayOutputStream();
        var old = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Tandem.run("--root", ROOT.toString(), "--state-dir", STATE.toString(), "status");
        } finally {
            System.setOut(old);
        }
        String table = out.toString(StandardCharsets.UTF_8);
        System.out.println(table);
        assertThat(exit).isZero();
        assertThat(table).contains("open http://localhost:" + BASE_PORT + "/");
        for (String name : List.of("kafka", "sequencer-1", "snapshot", "gateway-1")) {
            assertThat(table.lines().filter(l -> l.startsWith(name + " ")).findFirst()).as(name).get().asString()
                    .contains("running", "yes");
        }
        assertThat(table).contains(" " + (BASE_PORT + 1) + " ", " " + (BASE_PORT + 2) + " ", " " + (BASE_PORT + 1012) + " ");
    }

    @Test
    @Order(2)
    void killNineOfTheGatewayBringsBackTheGatewayAloneAndItsClientsLoseNothing() throws Exception {
        killWhileTyping("gateway-1");
    }

    @Test
    @Order(3)
    void killNineOfTheSequencerBringsBackTheSequencerAloneAndNothingIsLost() throws Exception {
        killWhileTyping("sequencer-1");
    }

    @Test
    @Order(4)
    void killNineOfTheSnapshotServiceBringsItBackAndTheReadSideCatchesUp() throws Exception {
        killWhileTyping("snapshot");
    }

    @Test
    @Order(5)
    void killNineOfTheKafkaBrokerBringsItBackAndEveryServiceRecovers() throws Exception {
        killWhileTyping("kafka");
    }

    @Test
    @Order(6)
    void oneProcessCanBeRestartedByName() {
        long before = pids().get("gateway-1");
        assertThat(Tandem.run("--root", ROOT.toString(), "--state-dir", STATE.toString(), "restart", "gateway-1"))
                .isZero();
        await().atMost(STEP).until(() -> {
            var p = RunState.read(STATE.resolve("run.json")).orElseThrow().process("gateway-1").orElseThrow();
            return p.pid() != before && p.ready();
        });
        assertThat(Tandem.run("--root", ROOT.toString(), "--state-dir", STATE.toString(), "restart", "nope"))
                .isEqualTo(1);
    }

    @Test
    @Order(7)
    void theReadSideRebuiltFromTheLogWithOneCommandEqualsTheFoldOfTheLog() throws Exception {
        assertThat(DOCUMENTS).hasSizeGreaterThanOrEqualTo(4);
        Map<String, String> before = new HashMap<>();
        for (String docId : DOCUMENTS) {
            before.put(docId, history(docId));
        }
        var log = dev.tandem.testsupport.load.OpsLog.read("127.0.0.1:" + (BASE_PORT + 1012), DOCUMENTS);

        assertThat(Tandem.run("--root", ROOT.toString(), "--state-dir", STATE.toString(), "rebuild-read-side"))
                .isZero();

        var smoke = new Smoke("http://127.0.0.1:" + BASE_PORT, STEP);
        for (String docId : DOCUMENTS) {
            var committed = log.committed(docId);
            await().atMost(STEP).until(() -> historyRevision(docId) == committed.size());
            String rebuilt = history(docId);
            assertThat(rebuilt).as(docId + ": the rebuilt history, op by op").isEqualTo(before.get(docId));
            var state = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("/api/docs/" + docId));
            assertThat(state.get("text").asText()).as(docId + ": the rebuilt text is the fold of the log")
                    .isEqualTo(log.text(docId));
        }
        System.out.printf("LauncherIT: the rebuilt read side equals the log for %d documents%n", DOCUMENTS.size());
        smoke.awaitGateway();
    }

    /**
     * The log wiped while the database is kept (what a user did to get rid of a poison record): before, the snapshot
     * service took the new log's revisions 1..n for redeliveries of the old ones and folded the rest onto the wrong
     * text. Now it refuses to start and says why and how to fix it, and nothing of the new log reaches the database.
     */
    @Test
    @Order(8)
    void aDatabaseFilledFromAnotherLogIsRefusedWithTheFix() throws Exception {
        assertThat(Tandem.run("--root", ROOT.toString(), "--state-dir", STATE.toString(), "down")).isZero();
        assertThat(up.waitFor(2, TimeUnit.MINUTES)).isTrue();
        ServiceBuild.deleteTree(STATE.resolve("kafka"));
        Files.writeString(upLog, "");
        up = new ProcessBuilder(launcherCommand("up", "--base-port", String.valueOf(BASE_PORT), "--no-build"))
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(upLog.toFile()).start();
        assertThat(up.waitFor(6, TimeUnit.MINUTES)).as("tandem up gives up").isTrue();
        String output = Files.readString(upLog);
        System.out.println("---- tandem up on a wiped log ----\n" + output);
        assertThat(up.exitValue()).isEqualTo(1);
        assertThat(output).contains("snapshot could not be started", "this database was filled from another log",
                "rebuild-read-side");
        assertThat(output).doesNotContain("Tandem is up");
    }

    /** A document's whole history as the history API gives it: its state at the head, then every op page. */
    private static String history(String docId) throws Exception {
        var out = new StringBuilder(get("/api/docs/" + docId));
        int from = 1;
        while (true) {
            String page = get("/api/docs/" + docId + "/ops?from=" + from);
            out.append('\n').append(page);
            var next = new com.fasterxml.jackson.databind.ObjectMapper().readTree(page).get("next");
            if (next == null || next.isNull()) {
                return out.toString();
            }
            from = next.asInt();
        }
    }

    private static int historyRevision(String docId) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("/api/docs/" + docId))
                    .get("revision").asInt();
        } catch (Exception e) {
            return -1; // not caught up yet: the document is unknown to the empty read side
        }
    }

    private static String get(String path) throws Exception {
        var response = HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + BASE_PORT + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Two clients type into a new document; the victim is killed with SIGKILL in the middle of it. */
    private static void killWhileTyping(String victim) throws Exception {
        var smoke = new Smoke("http://127.0.0.1:" + BASE_PORT, STEP);
        smoke.awaitGateway();
        Map<String, Long> before = pids();
        int restartsBefore = process(victim).restarts();
        String docId = smoke.createDocument();
        DOCUMENTS.add(docId);
        var ada = TandemTestClient.of(smoke.wsBase(), docId, "Ada").connect();
        var grace = TandemTestClient.of(smoke.wsBase(), docId, "Grace").connect();
        try {
            var clients = List.of(ada, grace);
            await().atMost(STEP).until(() -> clients.stream().allMatch(TandemTestClient::isSynchronized));
            var typing = CompletableFuture.runAsync(() -> {
                try {
                    Smoke.type(clients, 600, victim.hashCode());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the system has committed something, and the typists are still at it (600 edits take seconds)
            await().atMost(STEP).until(() -> !ada.acks().isEmpty() || typing.isDone());
            System.out.printf("LauncherIT: kill -9 %s with %d of Ada's edits acknowledged, typing %s%n", victim,
                    ada.acks().size(), typing.isDone() ? "already over" : "going on");
            SupervisorTest.kill9(before.get(victim));
            typing.get(5, TimeUnit.MINUTES);

            await().atMost(STEP).until(() -> {
                var p = process(victim);
                return p.restarts() == restartsBefore + 1 && p.ready();
            });
            var result = smoke.converge(docId, clients);
            System.out.printf("LauncherIT: after kill -9 of %s the clients converged at revision %d%n", victim,
                    result.revision());
            assertThat(result.revision()).isPositive();
        } finally {
            ada.close();
            grace.close();
        }
        Map<String, Long> after = pids();
        before.forEach((name, pid) -> {
            if (!name.equals(victim) && !pid.equals(after.get(name))) {
                System.out.printf("LauncherIT: after kill -9 of %s, %s was restarted too (%s)%n", victim, name,
                        process(name).lastExit());
            }
            // a service may stop itself when the broker under it goes (the sequencer's producer is fenced): the
            // supervisor brings it back, which the convergence above proves; any other death is a failure
            if (!name.equals(victim) && !victim.equals("kafka")) {
                assertThat(after.get(name)).as(name + " was not restarted").isEqualTo(pid);
            }
        });
        assertThat(after.get(victim)).isNotEqualTo(before.get(victim));
    }

    private static RunState.Process process(String name) {
        return RunState.read(STATE.resolve("run.json")).orElseThrow().process(name).orElseThrow();
    }

    private static Map<String, Long> pids() {
        Map<String, Long> pids = new HashMap<>();
        RunState.read(STATE.resolve("run.json")).orElseThrow().processes().forEach(p -> pids.put(p.name(), p.pid()));
        return pids;
    }

    private static List<String> launcherCommand(String... args) throws IOException {
        Path jar = ROOT.resolve("launcher/target/launcher-0.1.0-SNAPSHOT.jar");
        String classpath = Files.readString(ROOT.resolve("launcher/target/runtime.classpath")).trim();
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new java.util.ArrayList<>(List.of(java, "-Dtandem.root=" + ROOT, "-cp", jar + ":" + classpath,
                Tandem.class.getName(), "--state-dir", STATE.toString()));
        command.addAll(List.of(args));
        return command;
    }
}
