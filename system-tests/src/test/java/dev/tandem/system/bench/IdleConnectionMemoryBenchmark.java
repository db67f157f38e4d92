package dev.tandem.system.bench;

import dev.tandem.system.browser.TandemServices;
import dev.tandem.testsupport.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's heap per idle joined connection (issue 9). One packaged gateway (with its sequencer, snapshot
 * service, broker and database); from this JVM, N connections (Vert.x, asynchronous, so the load generator is
 * not the limit) each join a document (N / 50 documents, under the limit per document) and then only ping, as a
 * client does when it has nothing to say. At 0, N/2 and N the gateway's live heap is taken after a full GC
 * ({@code jcmd GC.class_histogram}, which collects first; its total is the live heap) and the classes that grew
 * are listed. Not a test (its name matches neither *Test nor *IT): run it by hand, see docs/benchmarks.md:
 * <pre>./mvnw -pl system-tests -am verify -Dit.test=IdleConnectionMemoryBenchmark -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 * {@code -Dtandem.bench.connections=N} (default 10,000), {@code -Dtandem.bench.gateway-heap=512m} (the gateway's
 * -Xmx). It asserts only that every connection joined and stayed open, never a figure.
 */
class IdleConnectionMemoryBenchmark {
    private static final Path REPORT = Path.of("target", "benchmarks", "idle-connection-memory.txt");
    private static final int CONNECTIONS = Integer.getInteger("tandem.bench.connections", 10_000);
    private static final int PER_DOCUMENT = 50;
    private static final String HEAP = System.getProperty("tandem.bench.gateway-heap", "512m");
    private static final String PING = "{\"type\":\"ping\"}";

    private final StringBuilder out = new StringBuilder();
    private final Queue<WebSocket> sockets = new ConcurrentLinkedQueue<>();
    private final AtomicInteger joined = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    @Test
    void measure() throws Exception {
        print("# IdleConnectionMemoryBenchmark, " + Instant.now());
        Machine.describe().forEach(this::print);
        print("load average before start: " + Machine.loadAverage());
        print("connections: " + CONNECTIONS + ", " + PER_DOCUMENT + " per document; gateway -Xmx" + HEAP
                + " -XX:+UseSerialGC");
        Map<String, String> limits = Map.of("tandem.gateway.limits.connections-per-gateway",
                String.valueOf(Math.max(10_000, CONNECTIONS + 100)));
        Vertx vertx = Vertx.vertx();
        try (TandemServices tandem = TandemServices.start("idle", limits, List.of("-Xmx" + HEAP,
                "-XX:+ExitOnOutOfMemoryError"))) {
            ServiceProcess gateway = tandem.gateway();
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxConnections(CONNECTIONS + 100).setConnectTimeout(30_000));
            vertx.setPeriodic(20_000, id -> sockets.forEach(ws -> ws.writeTextMessage(PING)));

            open(client, tandem.gatewayPort(), 0, 100); // warm-up: the first joins load classes and JIT code
            closeAll();
            print(beforeGc(gateway, 0));
            Map<String, long[]> at0 = histogram(gateway);
            long heap0 = total(at0);
            print(String.format("%,7d connections: live heap %,d bytes (%s)", 0, heap0, heapInfo(gateway)));

            open(client, tandem.gatewayPort(), 0, CONNECTIONS / 2);
            print(beforeGc(gateway, CONNECTIONS / 2));
            long heapHalf = total(histogram(gateway));
            print(String.format("%,7d connections: live heap %,d bytes, %,d bytes per connection", CONNECTIONS / 2,
                    heapHalf, (heapHalf - heap0) / Math.max(1, CONNECTIONS / 2)));

            open(client, tandem.gatewayPort(), CONNECTIONS / 2, CONNECTIONS);
            print(beforeGc(gateway, CONNECTIONS));
            Map<String, long[]> atN = histogram(gateway);
            long heapN = total(atN);
            print(String.format("%,7d connections: live heap %,d bytes, %,d bytes per connection (%s)", CONNECTIONS,
                    heapN, (heapN - heap0) / CONNECTIONS, heapInfo(gateway)));
            print(String.format("from N/2 to N: %,d bytes per connection",
                    (heapN - heapHalf) / Math.max(1, CONNECTIONS - CONNECTIONS / 2)));
            printGrowth(at0, atN);

            assertThat(gateway.isAlive()).as("the gateway is alive with %d connections", CONNECTIONS).isTrue();
            assertThat(failed.get()).as("connections that failed to open or join").isZero();
            assertThat(closed.get()).as("connections the gateway closed").isZero();
            assertThat(joined.get()).isEqualTo(CONNECTIONS);
            closeAll();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        print("load average after: " + Machine.loadAverage());
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, out, StandardCharsets.UTF_8);
        System.out.println("(also written to " + REPORT.toAbsolutePath() + ")");
    }

    /** Opens connections number {@code from} (inclusive) to {@code to}, each joined; 200 handshakes at a time. */
    private void open(WebSocketClient client, int port, int from, int to) throws InterruptedException {
        Semaphore inFlight = new Semaphore(200);
        int joinedBefore = joined.get();
        for (int i = from; i < to; i++) {
            inFlight.acquire();
            String doc = "idle-" + (i / PER_DOCUMENT);
            String join = "{\"type\":\"join\",\"docId\":\"" + doc + "\",\"clientId\":\"idle-" + i
                    + "\",\"name\":\"Idle " + i + "\",\"color\":\"#1f77b4\"}";
            client.connect(port, "127.0.0.1", "/ws/docs/" + doc).onSuccess(ws -> {
                sockets.add(ws);
                boolean[] released = {false};
                ws.textMessageHandler(text -> {
                    if (!released[0] && text.contains("\"type\":\"snapshot\"")) {
                        released[0] = true;
                        joined.incrementAndGet();
                        inFlight.release();
                    } else if (!released[0] && text.contains("\"type\":\"error\"")) {
                        released[0] = true;
                        failed.incrementAndGet();
                        print("join refused: " + text);
                        inFlight.release();
                    }
                });
                ws.closeHandler(v -> {
                    if (!released[0]) {
                        released[0] = true;
                        inFlight.release();
                    }
                    if (sockets.remove(ws)) {
                        closed.incrementAndGet();
                    }
                });
                ws.writeTextMessage(join);
            }).onFailure(e -> {
                failed.incrementAndGet();
                inFlight.release();
            });
        }
        inFlight.acquire(200);
        print(String.format("opened %,d connections (%,d joined)", to - from, joined.get() - joinedBefore));
    }

    private void closeAll() throws InterruptedException {
        List<WebSocket> all = new ArrayList<>(sockets);
        sockets.clear();
        all.forEach(WebSocket::close);
        joined.set(0);
        TimeUnit.SECONDS.sleep(2); // the gateway's close handlers run after ours; nothing to wait on but time
    }

    /** Bytes and instances by class of the gateway's live heap (jcmd collects first). */
    private static Map<String, long[]> histogram(ServiceProcess gateway) throws IOException, InterruptedException {
        Map<String, long[]> classes = new LinkedHashMap<>();
        for (String line : jcmd(gateway, "GC.class_histogram").split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 4 && parts[0].endsWith(":")) {
                classes.put(parts[3], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
            }
        }
        return classes;
    }

    private static long total(Map<String, long[]> histogram) {
        return histogram.values().stream().mapToLong(v -> v[1]).sum();
    }

    /**
     * What an outside observer sees before any forced GC: {@code jvm_memory_used_bytes{area="heap"}} of
     * /q/metrics (live objects plus garbage not yet collected), direct buffers, and the process's resident set.
     */
    private static String beforeGc(ServiceProcess gateway, int connections) throws IOException {
        double heap = 0;
        double direct = 0;
        for (String line : BenchmarkSystem.metricsText(gateway).split("\n")) {
            String value = line.substring(line.lastIndexOf(' ') + 1);
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += Double.parseDouble(value);
            } else if (line.startsWith("jvm_buffer_memory_used_bytes{") && line.contains("id=\"direct\"")) {
                direct += Double.parseDouble(value);
            }
        }
        String rss = Files.readAllLines(Path.of("/proc", String.valueOf(gateway.pid()), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> l.substring(6).trim()).findFirst().orElse("?");
        return String.format("%,7d connections, before GC: heap used %,.0f bytes, direct buffers %,.0f bytes,"
                + " process RSS %s", connections, heap, direct, rss);
    }

    private static String heapInfo(ServiceProcess gateway) throws IOException, InterruptedException {
        return String.join("; ", jcmd(gateway, "GC.heap_info").lines().filter(l -> l.contains("total"))
                .map(String::trim).toList());
    }

    private void printGrowth(Map<String, long[]> before, Map<String, long[]> after) {
        print("classes that grew most from 0 to " + CONNECTIONS + " connections (bytes, instances, per connection):");
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                        e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1],
                        e.getValue()[0] - before.getOrDefault(e.getKey(), new long[2])[0]}))
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed())
                .limit(30)
                .forEach(e -> print(String.format("  %,13d B %,9d  %,7.1f B %5.2f  %s", e.getValue()[0],
                        e.getValue()[1], e.getValue()[0] / (double) CONNECTIONS,
                        e.getValue()[1] / (double) CONNECTIONS, e.getKey())));
    }

    private static String jcmd(ServiceProcess process, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(process.pid()), command).redirectErrorStream(true).start();
        String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        return text;
    }

    private synchronized void print(String line) {
        System.out.println(line);
        out.append(line).append('\n');
    }
}
