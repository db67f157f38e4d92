package dev.tandem.gateway.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tandem.protocol.history.HistoryError.Code;

/**
 * A history request ({@code GET /api/docs/{id}/...}, docs/protocol.md section 14) checked by the gateway before it
 * is forwarded: the id is an identifier, the path is one of the API's, and every query parameter is one that path
 * takes, an integer within the bounds that do not depend on the document (the snapshot service checks those
 * against the head). What is forwarded is rebuilt from the checked values, never the client's raw text. Plain
 * Java, tested without HTTP; the messages are the snapshot service's.
 */
record HistoryRequest(String id, String path, Map<String, Integer> parameters) {
    /** docId, read-only id: 1 to 64 characters of A-Z a-z 0-9 _ - (protocol section 1). */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAX_CHAT_LIMIT = 200;
    private static final Pattern REVISION_PATH = Pattern.compile("/revisions/([^/]*)");

    /** A request the gateway refuses, with the code (and so the status) of its answer. */
    static final class Refused extends RuntimeException {
        final Code code;

        Refused(Code code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** One parameter a path takes: its smallest value, and its largest (for {@code limit}). */
    private record Bound(String name, int min, int max, boolean required) {
    }

    private static final Map<String, List<Bound>> PATHS = Map.of(
            "", List.of(),
            "/timeline", List.of(),
            "/authorship", List.of(new Bound("revision", 0, Integer.MAX_VALUE, false)),
            "/ops", List.of(new Bound("from", 1, Integer.MAX_VALUE, true), new Bound("to", 0, Integer.MAX_VALUE, false)),
            "/revisions", List.of(new Bound("from", 1, Integer.MAX_VALUE, true),
                    new Bound("to", 0, Integer.MAX_VALUE, false)),
            "/chat", List.of(new Bound("before", 1, Integer.MAX_VALUE, false),
                    new Bound("limit", 1, MAX_CHAT_LIMIT, false)),
            "/versions", List.of(new Bound("from", 1, Integer.MAX_VALUE, false)));

    /**
     * Checks a request.
     * @param id the decoded path segment after {@code /api/docs/}
     * @param rest the decoded path after the id ({@code ""}, {@code /ops}, {@code /revisions/7}, ...)
     * @param query the decoded query parameters, every value of each
     * @throws Refused INVALID_PARAMETER or NOT_FOUND, with a message naming what and why
     */
    static HistoryRequest check(String id, String rest, Map<String, List<String>> query) {
        checkId("docId", id);
        String path = rest.endsWith("/") && rest.length() > 1 ? rest.substring(0, rest.length() - 1) : rest;
        Matcher revision = REVISION_PATH.matcher(path);
        if (revision.matches()) {
            int value = integer("revision", revision.group(1), 0, Integer.MAX_VALUE);
            noParameters(path, query);
            return new HistoryRequest(id, "/revisions/" + value, Map.of());
        }
        List<Bound> bounds = PATHS.get(path);
        if (bounds == null) {
            throw new Refused(Code.NOT_FOUND, "no history resource " + ApiErrors.quote("/api/docs/{docId}" + path)
                    + "; there are /api/docs/{docId} and its /revisions/{revision}, /authorship, /ops, /revisions,"
                    + " /timeline, /chat, /versions");
        }
        Map<String, Integer> checked = new LinkedHashMap<>();
        for (String name : query.keySet()) {
            if (bounds.stream().noneMatch(b -> b.name().equals(name))) {
                throw new Refused(Code.INVALID_PARAMETER, "unknown parameter " + ApiErrors.quote(name) + " of "
                        + ("/api/docs/{docId}" + path) + (bounds.isEmpty() ? ", which takes none"
                        : ", which takes " + String.join(", ", bounds.stream().map(Bound::name).toList())));
            }
        }
        for (Bound bound : bounds) {
            List<String> values = query.getOrDefault(bound.name(), List.of());
            if (values.size() > 1) {
                throw new Refused(Code.INVALID_PARAMETER, bound.name() + " is given " + values.size() + " times");
            }
            String raw = values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
            if (raw == null) {
                if (bound.required()) {
                    throw new Refused(Code.INVALID_PARAMETER, bound.name() + " is required");
                }
                continue;
            }
            checked.put(bound.name(), integer(bound.name(), raw, bound.min(), bound.max()));
        }
        return new HistoryRequest(id, path, checked);
    }

    /** @throws Refused INVALID_PARAMETER unless {@code value} is an identifier */
    static String checkId(String name, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new Refused(Code.INVALID_PARAMETER,
                    name + " must be 1 to 64 characters of A-Z a-z 0-9 _ -, was " + ApiErrors.quote(value));
        }
        return value;
    }

    /** The path and query to ask the snapshot service, for the document {@code docId}. */
    String target(String docId) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, value) -> query.add(name + "=" + value));
        return "/api/docs/" + docId + path + query;
    }

    private static void noParameters(String path, Map<String, List<String>> query) {
        Optional<String> any = query.keySet().stream().findFirst();
        if (any.isPresent()) {
            throw new Refused(Code.INVALID_PARAMETER, "unknown parameter " + ApiErrors.quote(any.get())
                    + " of /api/docs/{docId}" + path.replaceAll("/revisions/.*", "/revisions/{revision}")
                    + ", which takes none");
        }
    }

    private static int integer(String name, String raw, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new Refused(Code.INVALID_PARAMETER, name + " must be an integer, was " + ApiErrors.quote(raw));
        }
        if (value < min || value > max) {
            throw new Refused(Code.INVALID_PARAMETER, max == Integer.MAX_VALUE
                    ? name + " must be >= " + min + ", was " + value
                    : name + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
