package dev.tandem.launcher;

import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Rebuilds a running run's read side (PostgreSQL) from the Kafka log; see {@link ReadSideRebuild}. */
@Command(name = "rebuild-read-side", description = "Drop this run's PostgreSQL projection and fold tandem.ops into it "
        + "again from offset 0 (the snapshot service is stopped meanwhile; the rest keeps serving). Returns when the "
        + "snapshot service serves again.")
final class RebuildReadSideCommand implements Callable<Integer> {

    @ParentCommand
    Tandem tandem;

    @Override
    public Integer call() throws Exception {
        var run = tandem.runningState();
        Console.say("asking the supervisor to rebuild the read side from the log ...");
        var answer = ControlClient.post(run, "/rebuild-read-side", Duration.ofMinutes(35));
        if (answer.status() != 200) {
            throw new IllegalStateException(answer.body());
        }
        Console.say(answer.body());
        return 0;
    }
}
