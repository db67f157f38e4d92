package dev.tandem.launcher;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * Deletes a run's data as one unit: the Kafka log, an embedded PostgreSQL's data, and the run's database on the local
 * server. The log and the read side must always be wiped together: a read side that holds revisions the log does not
 * would otherwise meet new edits under the same revisions.
 */
@Command(name = "reset", description = "Delete this run's data as one unit: the Kafka log and its PostgreSQL "
        + "database (the read-only key is kept). The run must be stopped.")
final class ResetCommand implements Callable<Integer> {

    @ParentCommand
    Tandem tandem;

    @Override
    public Integer call() throws Exception {
        RunLayout layout = tandem.layout();
        UpCommand.refuseIfRunning(layout);
        ServiceBuild.deleteTree(layout.kafkaData());
        Console.say("deleted the Kafka log (" + layout.kafkaData() + ")");
        ServiceBuild.deleteTree(layout.postgresData().getParent());
        var whyNot = new StringBuilder();
        var connection = LocalPostgres.connect(whyNot);
        if (connection.isPresent()) {
            try (var c = connection.get()) {
                if (LocalPostgres.dropDatabase(c, layout.databaseName())) {
                    Console.say("dropped database " + layout.databaseName() + " on the local PostgreSQL");
                }
            }
        }
        Console.say("reset: the next ./tandem up starts from an empty log and an empty read side");
        return 0;
    }
}
