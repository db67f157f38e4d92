package dev.tandem.gateway.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tandem.protocol.history.HistoryError.Code;

/**
 * {@code POST /api/docs/{id}/forks?revision=R&author=NAME} checked before anything is read or written: the id is
 * an identifier, {@code revision} an integer from 0 (its bound above, the head, is the snapshot service's to
 * check), {@code author} (optional) a name of the protocol (1 to 64 code points, not blank, no control
 * character), and no other parameter. Plain Java, tested without HTTP.
 */
record ForkRequest(String id, int revision, String author) {
    /** Who the fork's revision 1 is by when the request names nobody. */
    static final String DEFAULT_AUTHOR = "Tandem";
    private static final int MAX_NAME_CODE_POINTS = 64;
    private static final Set<String> PARAMETERS = Set.of("revision", "author");

    static ForkRequest check(String id, Map<String, List<String>> query) {
        HistoryRequest.checkId("docId", id);
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new HistoryRequest.Refused(Code.INVALID_PARAMETER, "unknown parameter " + ApiErrors.quote(name)
                        + " of /api/docs/{docId}/forks, which takes revision, author");
            }
            if (query.get(name).size() > 1) {
                throw new HistoryRequest.Refused(Code.INVALID_PARAMETER, name + " is given "
                        + query.get(name).size() + " times");
            }
        }
        String rawRevision = first(query, "revision");
        if (rawRevision == null) {
            throw new HistoryRequest.Refused(Code.INVALID_PARAMETER, "revision is required");
        }
        int revision;
        try {
            revision = Integer.parseInt(rawRevision);
        } catch (NumberFormatException e) {
            throw new HistoryRequest.Refused(Code.INVALID_PARAMETER, "revision must be an integer, was "
                    + ApiErrors.quote(rawRevision));
        }
        if (revision < 0) {
            throw new HistoryRequest.Refused(Code.INVALID_PARAMETER, "revision must be >= 0, was " + revision);
        }
        String author = first(query, "author");
        return new ForkRequest(id, revision, author == null ? DEFAULT_AUTHOR : name(author));
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.getOrDefault(name, List.of());
        return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    private static String name(String author) {
        int length = author.codePointCount(0, author.length());
        boolean control = author.chars().anyMatch(Character::isISOControl);
        boolean unpaired = false;
        for (int i = 0; i < author.length(); i++) {
            char c = author.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < author.length()
                    && Character.isLowSurrogate(author.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                unpaired = true;
            }
        }
        if (author.isBlank() || length > MAX_NAME_CODE_POINTS || control || unpaired) {
            throw new HistoryRequest.Refused(Code.INVALID_PARAMETER, "author must be 1 to 64 code points, not blank,"
                    + " without control characters, was " + ApiErrors.quote(author));
        }
        return author;
    }
}
