package dev.tandem.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tandem.protocol.history.HistoryError.Code;

class HistoryRequestTest {

    @Test
    void whatIsForwardedIsRebuiltFromTheCheckedValues() {
        assertThat(HistoryRequest.check("abc", "", Map.of()).target("abc")).isEqualTo("/api/docs/abc");
        assertThat(HistoryRequest.check("abc", "/ops", Map.of("from", List.of("+5"), "to", List.of("")))
                .target("doc")).isEqualTo("/api/docs/doc/ops?from=5");
        assertThat(HistoryRequest.check("abc", "/revisions/007", Map.of()).target("doc"))
                .isEqualTo("/api/docs/doc/revisions/7");
        assertThat(HistoryRequest.check("abc", "/chat/", Map.of("limit", List.of("3"))).target("doc"))
                .isEqualTo("/api/docs/doc/chat?limit=3");
        assertThat(HistoryRequest.check("abc", "/versions", Map.of("from", List.of("4"))).target("doc"))
                .isEqualTo("/api/docs/doc/versions?from=4");
        assertThat(HistoryRequest.check("abc", "/authorship", Map.of("revision", List.of("012"))).target("doc"))
                .isEqualTo("/api/docs/doc/authorship?revision=12");
        assertThat(HistoryRequest.check("abc", "/authorship", Map.of()).target("doc"))
                .isEqualTo("/api/docs/doc/authorship");
    }

    @Test
    void idsPathsAndParametersAreRefusedWithTheirCode() {
        refused(Code.INVALID_PARAMETER, "docId must be 1 to 64 characters of A-Z a-z 0-9 _ -, was \"a/b\"",
                "a/b", "", Map.of());
        refused(Code.INVALID_PARAMETER, "docId must be 1 to 64 characters of A-Z a-z 0-9 _ -, was \"\"",
                "", "", Map.of());
        refused(Code.NOT_FOUND, "no history resource \"/api/docs/{docId}/snapshots\"; there are /api/docs/{docId}"
                + " and its /revisions/{revision}, /authorship, /ops, /revisions, /timeline, /chat, /versions", "abc", "/snapshots",
                Map.of());
        refused(Code.INVALID_PARAMETER, "revision must be >= 0, was -1", "abc", "/authorship",
                Map.of("revision", List.of("-1")));
        refused(Code.INVALID_PARAMETER, "unknown parameter \"from\" of /api/docs/{docId}/authorship, which takes"
                + " revision", "abc", "/authorship", Map.of("from", List.of("1")));
        refused(Code.INVALID_PARAMETER, "unknown parameter \"x\" of /api/docs/{docId}/revisions/{revision},"
                + " which takes none", "abc", "/revisions/1", Map.of("x", List.of("1")));
        refused(Code.INVALID_PARAMETER, "before must be >= 1, was 0", "abc", "/chat", Map.of("before", List.of("0")));
        refused(Code.INVALID_PARAMETER, "limit must be between 1 and 200, was 0", "abc", "/chat",
                Map.of("limit", List.of("0")));
        refused(Code.INVALID_PARAMETER, "revision must be an integer, was \"1 or 1=1\"", "abc",
                "/revisions/1 or 1=1", Map.of());
    }

    private static void refused(Code code, String message, String id, String rest, Map<String, List<String>> query) {
        assertThatThrownBy(() -> HistoryRequest.check(id, rest, query))
                .isInstanceOfSatisfying(HistoryRequest.Refused.class, r -> assertThat(r.code).isEqualTo(code))
                .hasMessage(message);
    }
}
