package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker as a launcher script will run it: its own {@code java} process that says READY, and keeps its
 * topics across a restart on the same data directory.
 */
class EmbeddedKafkaBrokerProcessIT {

    @TempDir
    Path dataDir;

    @Test
    void aBrokerProcessSaysReadyAndKeepsTopicsAcrossARestart() throws Exception {
        TestLogging.configure(); // quiets this JVM's admin clients
        var first = BrokerProcess.launch(dataDir);
        try (Admin admin = admin(first.bootstrap())) {
            admin.createTopics(List.of(new NewTopic("persisted", 3, (short) 1))).all().get();
        } finally {
            first.stop();
        }

        var second = BrokerProcess.launch(dataDir);
        try (Admin admin = admin(second.bootstrap())) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.describeTopics(List.of("persisted")).allTopicNames().get()
                            .get("persisted").partitions()).hasSize(3));
        } finally {
            second.stop();
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private record BrokerProcess(Process process, String bootstrap) {

        static BrokerProcess launch(Path dataDir) throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            var process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    EmbeddedKafkaBroker.class.getName(), "0", "0", dataDir.toString())
                    .redirectErrorStream(true)
                    .start();
            var ready = new CompletableFuture<String>();
            var reader = new Thread(() -> readUntilReady(process, ready), "broker-stdout");
            reader.setDaemon(true);
            reader.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> ready.isDone() || !process.isAlive());
            assertThat(ready).as("READY line from the broker process").isCompleted();
            return new BrokerProcess(process, ready.join());
        }

        private static void readUntilReady(Process process, CompletableFuture<String> ready) {
            var stdout = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8);
            try (var lines = new BufferedReader(stdout)) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("READY ")) {
                        ready.complete(line.substring("READY ".length()).trim());
                    } else {
                        System.err.println("[broker process] " + line); // its log, shown in the test output
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }

        /** SIGTERM, as a launcher's Ctrl-C would: the broker shuts down cleanly through its hook. */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
