package dev.tandem.testsupport.load;

import java.util.List;
import java.util.SortedSet;

/**
 * What one simulated client ended with, for {@link LogInvariants}.
 *
 * @param submitted  every clientSeq it gave an edit (each must be committed exactly once)
 * @param text       its document text at the end
 * @param revision   the last revision it applied
 * @param violations what it saw go wrong itself (a gap in revisions, an unexpected ack or refusal)
 * @param resends    how often it resent its in-flight edit after hearing nothing
 * @param duplicates how many {@code EditDuplicate} answers it received
 */
public record ClientReport(String docId, String clientId, SortedSet<Long> submitted, String text, int revision,
                           List<String> violations, int resends, int duplicates) {
}
