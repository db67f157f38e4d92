package dev.tandem.system.bench.typing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tandem.testsupport.TestPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The peer: stock ShareDB 7 under the same workload, through its own harness ({@code ../shared/peers/sharedb},
 * {@code run.sh}: a fresh server per cell, the load generator, one JSON line). The harness's folder is shared and
 * read-only, so its files are copied (not its results) under {@code target/}, and {@code run.sh} installs the pinned
 * packages there with {@code npm ci} on the first run.
 */
final class ShareDbPeer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PEER = "shared/peers/sharedb";

    private final Path origin;
    private final Path harness;
    private final Path results;
    private final Path log;
    private String postgres;

    private ShareDbPeer(Path origin, Path harness, Path results, Path log) {
        this.origin = origin;
        this.harness = harness;
        this.results = results;
        this.log = log;
    }

    /** The harness at {@code -Dtyping.sharedb}, or {@code shared/peers/sharedb} beside the repository or above it. */
    static ShareDbPeer find(Path projectRoot, Path workDir) {
        Path found = Optional.ofNullable(System.getProperty("typing.sharedb")).map(Path::of)
                .or(() -> Stream.iterate(projectRoot.toAbsolutePath(), p -> p != null, Path::getParent)
                        .map(p -> p.resolve(PEER)).filter(p -> Files.isRegularFile(p.resolve("run.sh"))).findFirst())
                .orElseThrow(() -> new IllegalStateException("no " + PEER + "/run.sh above " + projectRoot
                        + "; set -Dtyping.sharedb=DIR"));
        return new ShareDbPeer(found, copy(found, workDir.resolve("sharedb")),
                workDir.resolve("sharedb-results.jsonl"), workDir.resolve("sharedb.log"));
    }

    /**
     * A database of the benchmark's own for sharedb-postgres (the harness's default role and database exist only
     * where someone made them; the server creates its tables itself), on the same PostgreSQL Tandem uses.
     */
    private synchronized String postgresUri() {
        if (postgres == null) {
            postgres = TestPostgres.get().newDatabase("sharedb_peer").libpqUri();
        }
        return postgres;
    }

    String describe() {
        return "ShareDB: the peer harness " + origin + ", copied to " + harness
                + " (run.sh, a fresh server per run; raw result lines in " + results + ")";
    }

    TypingResult run(String backend, TypingWorkload w) throws IOException, InterruptedException {
        String system = "ShareDB " + backend;
        List<String> command = List.of("bash", harness.resolve("run.sh").toString(), "--backend", backend,
                "--docs", String.valueOf(w.documents()), "--clients", String.valueOf(w.clientsPerDocument()),
                "--rate", String.valueOf(w.ratePerClient()), "--warmup", String.valueOf(w.warmUp().toSeconds()),
                "--duration", String.valueOf(w.measured().toSeconds()), "--jitter", String.valueOf(w.jitter()),
                "--drain-timeout", String.valueOf(w.drainTimeout().toSeconds()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(harness.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("RESULTS_FILE", results.toString());
        if ("postgres".equals(backend)) {
            builder.environment().put("SHAREDB_PG_URL", postgresUri());
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
        if (line == null) {
            return TypingResult.aborted(system, w, "run.sh exited " + exit + " without a result line (see " + log
                    + ")");
        }
        return parse(system, w, JSON.readTree(line));
    }

    private static TypingResult parse(String system, TypingWorkload w, JsonNode r) {
        if (r.hasNonNull("aborted")) {
            return TypingResult.aborted(system, w, r.get("aborted").asText());
        }
        JsonNode t = r.path("throughput");
        JsonNode latency = r.path("latencyMs");
        JsonNode cpu = r.path("cpu");
        Map<String, Double> pct = new LinkedHashMap<>();
        pct.put("server", cpu.path("serverPct").asDouble(Double.NaN));
        pct.put("postgres", cpu.path("postgresAllPct").asDouble(Double.NaN));
        pct.put("loadgen", cpu.path("loadgenPct").asDouble(Double.NaN));
        pct.put("machine", cpu.path("machineBusyPct").asDouble(Double.NaN));
        pct.put("other", cpu.path("otherPct").asDouble(Double.NaN));
        JsonNode errors = r.path("errors");
        return new TypingResult(system, w, t.path("offeredOpsPerS").asDouble(Double.NaN),
                t.path("deliveredOpsPerS").asDouble(Double.NaN), t.path("keystrokesPerWireOp").asDouble(Double.NaN),
                summary(latency.path("ack")), summary(latency.path("fanout")), summary(latency.path("ackWire")),
                summary(latency.path("fanoutWire")), summary(r.path("loadgenTimerLagMs")),
                t.path("fanoutExpectedPerS").asDouble(Double.NaN), t.path("fanoutDeliveredPerS").asDouble(Double.NaN),
                errors.path("total").asLong(), errors.path("samples").toString(),
                r.path("convergence").path("verdict").asText("?"), pct, null);
    }

    private static LatencySummary summary(JsonNode h) {
        if (h.path("count").asLong() == 0) {
            return LatencySummary.NONE;
        }
        return new LatencySummary(h.path("count").asLong(), h.path("p50").asDouble(), h.path("p90").asDouble(),
                h.path("p99").asDouble(), h.path("p999").asDouble(), h.path("max").asDouble(),
                h.path("mean").asDouble());
    }

    /** The harness's own files (not its node_modules or results) into a writable folder. */
    private static Path copy(Path from, Path to) {
        try {
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = to.resolve(file.getFileName());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().setWritable(true, true);
                    target.toFile().setExecutable(Files.isExecutable(file), true);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the ShareDB harness to " + to, e);
        }
    }
}
