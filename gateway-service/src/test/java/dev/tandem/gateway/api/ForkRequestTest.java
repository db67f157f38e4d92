package dev.tandem.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tandem.protocol.history.HistoryError.Code;

class ForkRequestTest {

    @Test
    void aForkNamesARevisionFromZeroAndOptionallyItsAuthor() {
        assertThat(ForkRequest.check("abc", Map.of("revision", List.of("7"), "author", List.of("Ada 🚀"))))
                .isEqualTo(new ForkRequest("abc", 7, "Ada 🚀"));
        assertThat(ForkRequest.check("abc", Map.of("revision", List.of("0"))))
                .isEqualTo(new ForkRequest("abc", 0, ForkRequest.DEFAULT_AUTHOR));
    }

    @Test
    void badForkRequestsAreRefusedWithTheirCode() {
        refused("revision is required", "abc", Map.of());
        refused("revision is required", "abc", Map.of("revision", List.of("")));
        refused("revision must be an integer, was \"x\"", "abc", Map.of("revision", List.of("x")));
        refused("revision must be >= 0, was -1", "abc", Map.of("revision", List.of("-1")));
        refused("revision is given 2 times", "abc", Map.of("revision", List.of("1", "2")));
        refused("unknown parameter \"to\" of /api/docs/{docId}/forks, which takes revision, author", "abc",
                Map.of("to", List.of("1")));
        refused("docId must be 1 to 64 characters of A-Z a-z 0-9 _ -, was \"a b\"", "a b",
                Map.of("revision", List.of("1")));
        refused("author must be 1 to 64 code points, not blank, without control characters, was \"  \"", "abc",
                Map.of("revision", List.of("1"), "author", List.of("  ")));
        refused("author must be 1 to 64 code points, not blank, without control characters, was \"a\\u000ab\"",
                "abc", Map.of("revision", List.of("1"), "author", List.of("a\nb")));
        refused("author must be 1 to 64 code points, not blank, without control characters, was \""
                + "x".repeat(40) + "...\"", "abc", Map.of("revision", List.of("1"), "author", List.of("x".repeat(65))));
    }

    private static void refused(String message, String id, Map<String, List<String>> query) {
        assertThatThrownBy(() -> ForkRequest.check(id, query))
                .isInstanceOfSatisfying(HistoryRequest.Refused.class, e -> {
                    assertThat(e.code).isEqualTo(Code.INVALID_PARAMETER);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
