package dev.tandem.snapshot.projection;

import dev.tandem.ot.Authorship;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.history.AuthorRun;

import java.util.ArrayList;
import java.util.List;

/**
 * Who inserted a piece of text: the clientId and name of the committed edit. Two edits by one clientId under two
 * names (the person renamed themselves) are two authors, so a run always carries the name it was written under.
 */
public record Author(String clientId, String name) {

    public static Author of(OpCommitted op) {
        return new Author(op.clientId(), op.authorName());
    }

    /** The runs of {@code authorship} as the API sends them. */
    public static List<AuthorRun> runs(Authorship<Author> authorship) {
        List<AuthorRun> runs = new ArrayList<>(authorship.runs().size());
        for (Authorship.Run<Author> run : authorship.runs()) {
            runs.add(new AuthorRun(run.length(), run.author().clientId(), run.author().name()));
        }
        return runs;
    }

    /** The authorship the API's (or a stored snapshot's) runs describe. */
    public static Authorship<Author> authorship(List<AuthorRun> runs) {
        List<Authorship.Run<Author>> converted = new ArrayList<>(runs.size());
        for (AuthorRun run : runs) {
            converted.add(new Authorship.Run<>(run.length(), new Author(run.author(), run.name())));
        }
        return Authorship.of(converted);
    }
}
