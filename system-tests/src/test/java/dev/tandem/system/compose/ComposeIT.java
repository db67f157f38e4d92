package dev.tandem.system.compose;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.CreatedDocument;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.system.HistoryClient;
import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.ws.TandemTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker-compose.yml really run: the images built, {@code up} with one and with two replicas of the sequencer and
 * the gateway, a document created through the one published port (the proxy), two WebSocket clients typing into it,
 * then each gateway container and each sequencer container crashed (SIGKILL) in turn while they type. Each crashed
 * container must be restarted by its restart policy with the same host name (its Kafka instance id), and in the end
 * both clients must hold the same text containing every edit either of them made exactly once, which the snapshot
 * service's history API (through the proxy) also serves. Everything is torn down with its volumes.
 *
 * <p>Not part of {@code ./mvnw verify} (system-tests/pom.xml excludes it: it builds images and takes minutes).
 * Run it where a Docker engine runs; where the official images cannot be pulled, first make local ones:
 * <pre>
 * export $(docker/local-images.sh --env)
 * ./mvnw -pl system-tests -am verify -Dit.test=ComposeIT -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Without an engine, Compose or the images it is skipped with the reason; with {@code -Dtandem.compose.required=true}
 * (as .ci/run sets once docker/local-images.sh has succeeded) it fails instead.
 */
class ComposeIT {

    private static final String PROJECT = "tandem-compose-it";
    private static final String[] IMAGE_VARIABLES = {
        "TANDEM_KAFKA_IMAGE", "TANDEM_POSTGRES_IMAGE", "TANDEM_PROXY_IMAGE", "TANDEM_JAVA_IMAGE"};
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration KEYSTROKE_GAP = Duration.ofMillis(60);
    private static final Pattern TOKEN = Pattern.compile("<[A-Z]\\d+>");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = TandemJson.newObjectMapper();

    private static DockerCompose compose;
    private static int port;

    @BeforeAll
    static void buildTheImages() throws IOException {
        require(DockerEngine.unavailable());
        Optional<List<String>> command = DockerCompose.command();
        require(command.isPresent() ? Optional.empty() : Optional.of("neither `docker compose` nor `docker-compose`"));
        Map<String, String> variables = new LinkedHashMap<>();
        for (String name : IMAGE_VARIABLES) {
            Optional.ofNullable(System.getenv(name)).ifPresent(value -> variables.put(name, value));
        }
        port = freePort();
        variables.put("TANDEM_HTTP_PORT", String.valueOf(port));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        variables.put("TANDEM_READ_ONLY_KEY", Base64.getEncoder().encodeToString(key));
        compose = DockerCompose.of(ServiceProcess.projectRoot(), PROJECT, command.get(), variables);
        for (String image : compose.images()) {
            require(DockerEngine.missingImage(image));
        }
        System.out.println("ComposeIT: " + compose.describe() + ", published port " + port + ", images "
                + compose.images());
        compose.down(true); // whatever an interrupted run left behind
        long started = System.nanoTime();
        compose.build();
        System.out.printf("ComposeIT: the services' images built in %.1f s%n", seconds(started));
    }

    @AfterAll
    static void removeEverything() {
        if (compose != null) {
            compose.down(false);
        }
    }

    @Test
    void oneOfEachConvergesThroughACrashedGatewayAndACrashedSequencer() {
        crashTwoServicesWhileTwoPeopleType(1);
    }

    @Test
    void twoGatewaysAndTwoSequencersConvergeThroughACrashOfEachReplica() {
        crashTwoServicesWhileTwoPeopleType(2);
    }

    private void crashTwoServicesWhileTwoPeopleType(int replicas) {
        long started = System.nanoTime();
        try {
            compose.up(replicas, replicas);
            assertThat(compose.containers("sequencer")).hasSize(replicas);
            assertThat(compose.containers("gateway")).hasSize(replicas);
            String docId = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(ComposeIT::createDocument, id -> id != null);
            System.out.printf("ComposeIT: %d of each up and document %s created in %.1f s%n", replicas, docId,
                    seconds(started));
            String ws = "ws://127.0.0.1:" + port;
            try (Person ada = new Person(TandemTestClient.of(ws, docId, "Ada"), 'A', 1);
                 Person grace = new Person(TandemTestClient.of(ws, docId, "Grace"), 'G', 2)) {
                List<Person> people = List.of(ada, grace);
                type(people, 10);
                awaitConverged(people);
                crashEachReplicaWhileTyping("gateway", people);
                int reconnects = people.stream().mapToInt(p -> p.reconnects).sum();
                System.out.printf("ComposeIT: %d reconnect(s) after the gateway crashes%n", reconnects);
                assertThat(reconnects).as("reconnects after every gateway crashed once").isGreaterThanOrEqualTo(2);
                crashEachReplicaWhileTyping("sequencer", people);
                String text = awaitConverged(people);

                assertThat(tokens(text)).as("every edit of both, once each, in the text")
                        .containsExactlyInAnyOrderElementsOf(allTyped(people));
                for (Person person : people) {
                    assertThat(person.client.violations()).as("%s's revision order", person.client).isEmpty();
                }
                HistoryClient history = new HistoryClient("http://127.0.0.1:" + port);
                await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(
                        () -> history.head(docId).map(DocumentState::text).orElse(""), text::equals);
            }
            System.out.printf("ComposeIT: %d of each: passed in %.1f s%n", replicas, seconds(started));
        } catch (RuntimeException | AssertionError e) {
            Path logs = Path.of("target", "compose-logs", "replicas-" + replicas + ".log").toAbsolutePath();
            compose.saveLogs(logs);
            System.out.println("ComposeIT: the containers' logs are in " + logs);
            throw e;
        } finally {
            compose.down(true);
        }
    }

    /**
     * Crashes every replica of a service in turn (so whichever holds a person's connection, or the document's
     * partition, is among them), typing on while each is gone.
     */
    private static void crashEachReplicaWhileTyping(String service, List<Person> people) {
        for (String container : compose.containers(service)) {
            crashWhileTyping(service, container, people);
        }
    }

    /** Crashes one container, types on while it is gone, and checks it came back as itself. */
    private static void crashWhileTyping(String service, String victim, List<Person> people) {
        String hostName = DockerEngine.hostName(victim);
        int restarts = DockerEngine.restartCount(victim);
        long crashed = System.nanoTime();
        DockerEngine.crash(victim);
        type(people, 10);
        await().atMost(START).pollInterval(Duration.ofSeconds(1)).until(
                () -> DockerEngine.restartCount(victim) > restarts && DockerEngine.health(victim).equals("healthy"));
        System.out.printf("ComposeIT: %s %s crashed, restarted and healthy again in %.1f s%n", service, hostName,
                seconds(crashed));
        assertThat(DockerEngine.hostName(victim)).as("the restarted %s's host name (its instance id)", service)
                .isEqualTo(hostName);
        type(people, 10);
        awaitConverged(people);
    }

    /** Each person types {@code rounds} tokens, one each in turn, reconnecting first if the connection dropped. */
    private static void type(List<Person> people, int rounds) {
        for (int round = 0; round < rounds; round++) {
            for (Person person : people) {
                person.reconnectIfDropped();
                person.typeToken();
            }
            // the typists' rhythm (not a wait for a condition): some edits go one by one, some are composed
            await().pollDelay(KEYSTROKE_GAP).atMost(KEYSTROKE_GAP.plusSeconds(1)).until(() -> true);
        }
    }

    /** Waits until every person is joined with nothing unacknowledged and all hold one text; returns it. */
    private static String awaitConverged(List<Person> people) {
        await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> {
            people.forEach(Person::reconnectIfDropped);
            return people.stream().allMatch(p -> p.client.isSynchronized())
                    && people.stream().map(p -> p.client.text()).distinct().count() == 1;
        });
        return people.get(0).client.text();
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text);
        StringBuilder rest = new StringBuilder();
        while (matcher.find()) {
            tokens.add(matcher.group());
            matcher.appendReplacement(rest, "");
        }
        matcher.appendTail(rest);
        assertThat(rest).as("the text has nothing but whole tokens").isEmpty();
        return tokens;
    }

    private static List<String> allTyped(List<Person> people) {
        return people.stream().flatMap(p -> p.typed.stream()).toList();
    }

    /**
     * One person at a keyboard: inserts tokens like {@code <A17>} at token boundaries, so the final text must be
     * exactly the tokens both typed, each once (a lost edit is missing, a twice-applied one repeated).
     */
    private static final class Person implements AutoCloseable {
        final TandemTestClient client;
        final char letter;
        final Random random;
        final List<String> typed = new ArrayList<>();
        int reconnects;

        Person(TandemTestClient client, char letter, long seed) {
            this.client = client;
            this.letter = letter;
            this.random = new Random(seed);
            client.connect();
            await().atMost(Duration.ofSeconds(30)).until(client::isJoined);
        }

        void typeToken() {
            String token = "<" + letter + (typed.size() + 1) + ">";
            typed.add(token);
            client.editWith(text -> {
                List<Integer> boundaries = new ArrayList<>(List.of(0));
                Matcher matcher = TOKEN.matcher(text);
                while (matcher.find()) {
                    boundaries.add(text.codePointCount(0, matcher.end()));
                }
                return TextOperation.insert(boundaries.get(random.nextInt(boundaries.size())), token);
            });
        }

        /** While the proxy finds no gateway the handshake fails; the next call tries again. */
        void reconnectIfDropped() {
            if (!client.isConnected()) {
                try {
                    client.connect();
                    reconnects++;
                } catch (RuntimeException e) {
                    // no gateway behind the proxy yet (502); edits meanwhile are kept and sent on reconnect
                }
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private static String createDocument() throws IOException, InterruptedException {
        URI docs = URI.create("http://127.0.0.1:" + port + "/api/docs");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(docs).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /api/docs answered " + response.statusCode());
        }
        return JSON.readValue(response.body(), CreatedDocument.class).docId();
    }

    /** Skips (or, with tandem.compose.required=true, fails) when the reason is present. */
    private static void require(Optional<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        String reason = "ComposeIT needs " + missing.get();
        if (Boolean.getBoolean("tandem.compose.required")) {
            fail(reason + " (and -Dtandem.compose.required=true)");
        }
        assumeTrue(false, reason);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
