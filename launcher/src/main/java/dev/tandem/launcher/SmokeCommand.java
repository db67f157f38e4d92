package dev.tandem.launcher;

import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Checks a running system end to end: two WebSocket clients type into a new document until they converge. */
@Command(name = "smoke", description = "Check a running system end to end: create a document, have two WebSocket "
        + "clients type into it at once until they converge, and check the history API holds the same text.")
final class SmokeCommand implements Callable<Integer> {

    @ParentCommand
    Tandem tandem;

    @Option(names = "--url", description = "the gateway (default: the running run's first gateway)")
    String url;

    @Option(names = "--edits", defaultValue = "200", description = "edits per client (default 200)")
    int edits;

    @Option(names = "--timeout", defaultValue = "180", description = "seconds to wait for each step (default 180)")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        String gateway = url != null ? url : RunState.read(tandem.layout().stateFile()).map(RunState::gatewayUrl)
                .filter(u -> !u.isEmpty()).orElse("http://localhost:8080/");
        var smoke = new Smoke(gateway, Duration.ofSeconds(timeoutSeconds));
        Console.say("smoke: waiting for " + gateway + " to be ready ...");
        smoke.awaitGateway();
        long started = System.nanoTime();
        var result = smoke.twoTypists(edits, System.nanoTime());
        Console.say(String.format("smoke: two clients made %d edits each to %s; both converged at revision %d "
                        + "(%d code points), and the history API holds the same text (%d ms)", edits, result.docId(),
                result.revision(), result.text().codePointCount(0, result.text().length()),
                Duration.ofNanos(System.nanoTime() - started).toMillis()));
        return 0;
    }
}
