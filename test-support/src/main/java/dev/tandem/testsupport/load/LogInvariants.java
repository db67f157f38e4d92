package dev.tandem.testsupport.load;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tandem.ot.InvalidOperationException;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;

/**
 * What must hold of {@code tandem.ops} after any load, whatever crashed meanwhile: per document, revisions
 * contiguous from 1 with none repeated; every {@code (clientId, clientSeq)} committed at most once, and every edit
 * a client submitted committed exactly once (none lost); every {@code EditDuplicate} naming the revision its edit
 * really got; and every client's final text equal to the text folded from the log. Returns the violations, each a
 * sentence; an empty list means the log is sound.
 */
public final class LogInvariants {

    private LogInvariants() {
    }

    public static List<String> check(OpsLog log, Collection<ClientReport> clients) {
        List<String> violations = new ArrayList<>();
        for (String doc : log.documents()) {
            checkDocument(doc, log, violations);
        }
        for (ClientReport client : clients) {
            violations.addAll(client.violations());
            checkClient(client, log, violations);
        }
        return violations;
    }

    private static void checkDocument(String doc, OpsLog log, List<String> violations) {
        Map<String, Integer> revisionOfEdit = new HashMap<>();
        int expected = 1;
        for (OpCommitted committed : log.committed(doc)) {
            if (committed.revision() != expected) {
                violations.add(doc + ": revision " + committed.revision() + " where revision " + expected
                        + " was due (a skipped or repeated revision)");
                expected = committed.revision();
            }
            expected++;
            String edit = key(committed.clientId(), committed.clientSeq());
            Integer earlier = revisionOfEdit.put(edit, committed.revision());
            if (earlier != null) {
                violations.add(doc + ": " + committed.clientId() + " clientSeq " + committed.clientSeq()
                        + " committed twice, at revisions " + earlier + " and " + committed.revision());
            }
        }
        for (SequencedEvent event : log.events(doc)) {
            if (event instanceof EditDuplicate duplicate) {
                Integer revision = revisionOfEdit.get(key(duplicate.clientId(), duplicate.clientSeq()));
                if (revision == null || revision != duplicate.revision()) {
                    violations.add(doc + ": duplicate of " + duplicate.clientId() + " clientSeq "
                            + duplicate.clientSeq() + " names revision " + duplicate.revision()
                            + " but the edit was committed at " + revision);
                }
            } else if (event instanceof EditRejected rejected && rejected.code() != ErrorCode.BASE_REVISION_TOO_OLD) {
                violations.add(doc + ": " + rejected.clientId() + " clientSeq " + rejected.clientSeq()
                        + " rejected: " + rejected.code() + " " + rejected.message());
            }
        }
        try {
            log.text(doc);
        } catch (InvalidOperationException e) {
            violations.add(doc + ": the committed ops do not apply in order: " + e.getMessage());
        }
    }

    private static void checkClient(ClientReport client, OpsLog log, List<String> violations) {
        String doc = client.docId();
        Map<Long, Integer> commits = new HashMap<>();
        for (OpCommitted committed : log.committed(doc)) {
            if (committed.clientId().equals(client.clientId())) {
                commits.merge(committed.clientSeq(), 1, Integer::sum);
                if (!client.submitted().contains(committed.clientSeq())) {
                    violations.add(doc + ": " + client.clientId() + " clientSeq " + committed.clientSeq()
                            + " was committed but never submitted");
                }
            }
        }
        for (long seq : client.submitted()) {
            if (!commits.containsKey(seq)) {
                violations.add(doc + ": " + client.clientId() + " clientSeq " + seq + " was submitted but never"
                        + " committed (lost)");
            }
        }
        int head = log.committed(doc).size();
        if (client.revision() != head) {
            violations.add(doc + ": " + client.clientId() + " ended at revision " + client.revision()
                    + ", the log at " + head);
        }
        try {
            String text = log.text(doc);
            if (!text.equals(client.text())) {
                violations.add(doc + ": " + client.clientId() + " ended with text " + quote(client.text())
                        + " but the log folds to " + quote(text));
            }
        } catch (InvalidOperationException e) {
            // reported once per document above
        }
    }

    private static String key(String clientId, long clientSeq) {
        return clientId + "#" + clientSeq;
    }

    private static String quote(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return "\"" + cut.replace("\n", "\\n") + "\"";
    }
}
