package dev.tandem.snapshot.api;

import dev.tandem.protocol.history.HistoryError.Code;

import java.util.regex.Pattern;

/**
 * Reads and checks the history API's parameters against a document's head. Parameters arrive as strings so that
 * a malformed one gets this API's error body and a message naming it, not the framework's; an empty parameter
 * ({@code ?to=}) counts as absent. Plain Java: the rules of docs/protocol.md section 14 in one place, tested
 * without HTTP.
 */
final class HistoryRequests {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** A page of revisions {@code from..last} (inclusive) of a request for {@code from..to}. */
    record Page(int from, int last, Integer next) {
        boolean isEmpty() {
            return last < from;
        }
    }

    /** A chat request: messages before revision {@code before}, at most {@code limit}. */
    record Chat(int before, int limit) {
    }

    private HistoryRequests() {
    }

    static String docId(String raw) {
        if (raw == null || !ID.matcher(raw).matches()) {
            throw invalid("docId must be 1 to 64 characters of A-Z a-z 0-9 _ -, was " + quote(raw));
        }
        return raw;
    }

    /** {@code /revisions/{revision}}: 0 (the empty document) to the head. */
    static int revision(String docId, int head, String raw) {
        int revision = atLeast("revision", required("revision", raw), 0);
        return atMostHead("revision", revision, docId, head);
    }

    /** {@code ?revision=} of {@code /authorship}: 0 to the head; absent (or empty) is the head. */
    static int optionalRevision(String docId, int head, String raw) {
        return absentIfEmpty(raw) == null ? head : revision(docId, head, raw);
    }

    /** {@code from} and {@code to} of {@code /ops} and {@code /revisions}, cut to a page of {@code maxPage}. */
    static Page range(String docId, int head, String rawFrom, String rawTo, int maxPage) {
        rawTo = absentIfEmpty(rawTo);
        int from = atLeast("from", required("from", rawFrom), 1);
        if (from > head + 1) {
            throw beyondHeadPlusOne("from", from, docId, head);
        }
        int to = rawTo == null ? head : atMostHead("to", integer("to", rawTo), docId, head);
        if (to < from - 1) {
            throw invalid("to must be >= from - 1 (" + (from - 1) + "), was " + to);
        }
        int last = (int) Math.min(to, (long) from + maxPage - 1);
        return new Page(from, last, last < to ? last + 1 : null);
    }

    /** {@code before} (default: after the head) and {@code limit} (default {@code defaultLimit}) of {@code /chat}. */
    static Chat chat(String docId, int head, String rawBefore, String rawLimit, int defaultLimit, int maxLimit) {
        rawBefore = absentIfEmpty(rawBefore);
        rawLimit = absentIfEmpty(rawLimit);
        int before = head + 1;
        if (rawBefore != null) {
            before = atLeast("before", integer("before", rawBefore), 1);
            if (before > head + 1) {
                throw beyondHeadPlusOne("before", before, docId, head);
            }
        }
        int limit = defaultLimit;
        if (rawLimit != null) {
            limit = integer("limit", rawLimit);
            if (limit < 1 || limit > maxLimit) {
                throw invalid("limit must be between 1 and " + maxLimit + ", was " + limit);
            }
        }
        return new Chat(before, limit);
    }

    /** {@code from} of {@code /versions}: names committed at revision {@code from} or later (default 1). */
    static int versionsFrom(String docId, int head, String rawFrom) {
        rawFrom = absentIfEmpty(rawFrom);
        if (rawFrom == null) {
            return 1;
        }
        int from = atLeast("from", integer("from", rawFrom), 1);
        if (from > head + 1) {
            throw beyondHeadPlusOne("from", from, docId, head);
        }
        return from;
    }

    private static int required(String name, String raw) {
        if (absentIfEmpty(raw) == null) {
            throw invalid(name + " is required");
        }
        return integer(name, raw);
    }

    private static String absentIfEmpty(String raw) {
        return raw == null || raw.isEmpty() ? null : raw;
    }

    private static int integer(String name, String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw invalid(name + " must be an integer, was " + quote(raw));
        }
    }

    private static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw invalid(name + " must be >= " + min + ", was " + value);
        }
        return value;
    }

    private static int atMostHead(String name, int value, String docId, int head) {
        if (value > head) {
            throw new HistoryException(Code.REVISION_OUT_OF_RANGE, name + " " + value
                    + " is beyond the head revision " + head + " of document " + docId);
        }
        return value;
    }

    private static HistoryException beyondHeadPlusOne(String name, int value, String docId, int head) {
        return new HistoryException(Code.REVISION_OUT_OF_RANGE, name + " " + value
                + " is beyond the head revision " + head + " of document " + docId + " plus one");
    }

    private static HistoryException invalid(String message) {
        return new HistoryException(Code.INVALID_PARAMETER, message);
    }

    /** A parameter quoted for a message: JSON-style, cut at 40 characters. */
    static String quote(String raw) {
        if (raw == null) {
            return "nothing";
        }
        String cut = raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
        StringBuilder out = new StringBuilder("\"");
        cut.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (Character.isISOControl(cp) || Character.isSurrogate((char) cp) && cp < 0x10000) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }
}
