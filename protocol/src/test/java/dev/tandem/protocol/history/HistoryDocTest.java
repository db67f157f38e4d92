package dev.tandem.protocol.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.protocol.ProtocolDoc;
import dev.tandem.protocol.TandemJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST examples of docs/protocol.md (section 14) cannot drift from the records: each {@code ```http} block
 * is marked with the record its body is, the body decodes into it and encodes back to exactly its text, and an
 * error's HTTP status is the one its code is sent with. (ProtocolDocTest checks the {@code ```json} blocks.)
 */
class HistoryDocTest {
    private static final Pattern MARKER = Pattern.compile("<!-- rest: (\\w+) -->");
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) .+");
    private static final ObjectMapper MAPPER = TandemJson.newObjectMapper();
    private static final Map<String, Class<?>> RECORDS = Map.of(
            "DocumentState", DocumentState.class,
            "DocumentAuthorship", DocumentAuthorship.class,
            "OpPage", OpPage.class,
            "RevisionPage", RevisionPage.class,
            "Timeline", Timeline.class,
            "ChatPage", ChatPage.class,
            "VersionList", VersionList.class,
            "CreatedFork", dev.tandem.protocol.CreatedFork.class,
            "HistoryError", HistoryError.class);

    /** One {@code ```http} block: request line, response status and body. */
    record Exchange(String record, String request, int status, String body, int line) {
        @Override
        public String toString() {
            return record + " for " + request + " at protocol.md:" + line;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBodyDecodesIntoItsRecordAndEncodesBackToItsText() {
        return exchanges().stream().map(e -> DynamicTest.dynamicTest(e.toString(), () -> {
            Object value = MAPPER.readValue(e.body(), RECORDS.get(e.record()));
            assertThat(TandemJson.shared().encode(value)).isEqualTo(e.body());
        }));
    }

    @Test
    void errorsAreSentWithTheStatusOfTheirCodeAndSuccessesWith200Or201() throws IOException {
        for (Exchange e : exchanges()) {
            if (e.record().equals("HistoryError")) {
                HistoryError error = MAPPER.readValue(e.body(), HistoryError.class);
                assertThat(e.status()).as(e.toString()).isEqualTo(error.code().status());
            } else {
                // a POST that makes something answers 201 Created; every GET 200
                assertThat(e.status()).as(e.toString()).isEqualTo(e.request().startsWith("POST ") ? 201 : 200);
            }
        }
    }

    @Test
    void examplesShowEveryRecordAndEveryClientErrorCode() throws IOException {
        assertThat(exchanges().stream().map(Exchange::record).collect(Collectors.toSet()))
                .containsAll(RECORDS.keySet());
        List<HistoryError.Code> shown = new ArrayList<>();
        for (Exchange e : exchanges()) {
            if (e.record().equals("HistoryError")) {
                shown.add(MAPPER.readValue(e.body(), HistoryError.class).code());
            }
        }
        assertThat(shown).containsAll(Set.of(HistoryError.Code.UNKNOWN_DOCUMENT,
                HistoryError.Code.REVISION_OUT_OF_RANGE, HistoryError.Code.INVALID_PARAMETER));
    }

    /** Every {@code ```http} block; each must follow a marker line naming a history record. */
    static List<Exchange> exchanges() {
        List<String> lines = ProtocolDoc.lines();
        List<Exchange> exchanges = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```http")) {
                continue;
            }
            Matcher marker = MARKER.matcher(i > 0 ? lines.get(i - 1) : "");
            assertThat(marker.matches()).as("the http block at protocol.md:%d has no rest marker before it", i + 1)
                    .isTrue();
            assertThat(RECORDS).as("protocol.md:%d", i).containsKey(marker.group(1));
            int end = i + 1;
            while (!lines.get(end).equals("```")) {
                end++;
            }
            exchanges.add(exchange(marker.group(1), lines.subList(i + 1, end), i + 1));
            i = end;
        }
        assertThat(exchanges).isNotEmpty();
        return exchanges;
    }

    /** Request line, blank, status line, headers, blank, a one-line body. */
    private static Exchange exchange(String record, List<String> block, int line) {
        assertThat(block.size()).as("protocol.md:%d", line).isGreaterThanOrEqualTo(5);
        assertThat(block.get(1)).as("blank line after the request at protocol.md:%d", line).isEmpty();
        Matcher status = STATUS.matcher(block.get(2));
        assertThat(status.matches()).as("status line at protocol.md:%d", line).isTrue();
        assertThat(block.get(block.size() - 2)).as("blank line before the body at protocol.md:%d", line).isEmpty();
        return new Exchange(record, block.get(0), Integer.parseInt(status.group(1)), block.get(block.size() - 1),
                line);
    }
}
