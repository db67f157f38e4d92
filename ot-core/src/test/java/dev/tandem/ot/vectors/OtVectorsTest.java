package dev.tandem.ot.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ot.CodePoints;
import dev.tandem.ot.InvalidOperationException;
import dev.tandem.ot.Ot;
import dev.tandem.ot.Side;
import dev.tandem.ot.TextOperation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every case of {@code testdata/ot-vectors/ot-vectors.json} holds for ot-core, and the file is exactly what
 * {@link OtVectorsGenerator} writes. The web client's TypeScript port is checked against the same file, so the
 * browser and the server compute the same operations.
 */
class OtVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String fileText;
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws IOException {
        fileText = Files.readString(OtVectors.file(), StandardCharsets.UTF_8);
        vectors = JSON.readTree(fileText);
    }

    @Test
    void theFileIsWhatTheGeneratorWrites() {
        assertThat(fileText)
                .as("%s is stale: run dev.tandem.ot.vectors.OtVectorsGenerator (see its Javadoc) and commit the file",
                        OtVectorsGenerator.RELATIVE_PATH)
                .isEqualTo(OtVectorsGenerator.render());
    }

    @Test
    void theVectorsCoverEmptyDocumentsAndAstralCharacters() {
        List<String> docs = new ArrayList<>();
        for (String section : List.of("apply", "compose", "transform", "invert", "transformPosition")) {
            assertThat(vectors.get(section)).as(section).hasSizeGreaterThan(20);
            vectors.get(section).forEach(c -> docs.add(c.get("doc").asText()));
        }
        assertThat(docs).contains("");
        assertThat(docs).anyMatch(d -> d.length() > CodePoints.length(d));
    }

    @TestFactory
    Stream<DynamicTest> apply() {
        return cases("apply", c -> {
            TextOperation op = op(c.get("op"));
            assertThat(op.toJson()).as("ops in the file are normalized").isEqualTo(list(c.get("op")));
            assertThat(Ot.apply(c.get("doc").asText(), op)).isEqualTo(c.get("result").asText());
        });
    }

    @TestFactory
    Stream<DynamicTest> compose() {
        return cases("compose", c -> {
            String doc = c.get("doc").asText();
            TextOperation a = op(c.get("a"));
            TextOperation b = op(c.get("b"));
            TextOperation composed = Ot.compose(a, b);
            assertThat(composed.toJson()).isEqualTo(list(c.get("result")));
            assertThat(Ot.apply(doc, composed)).isEqualTo(Ot.apply(Ot.apply(doc, a), b));
        });
    }

    @TestFactory
    Stream<DynamicTest> transform() {
        return cases("transform", c -> {
            String doc = c.get("doc").asText();
            TextOperation a = op(c.get("a"));
            TextOperation b = op(c.get("b"));
            TextOperation aLeft = Ot.transform(a, b, Side.LEFT);
            TextOperation aRight = Ot.transform(a, b, Side.RIGHT);
            TextOperation bLeft = Ot.transform(b, a, Side.LEFT);
            TextOperation bRight = Ot.transform(b, a, Side.RIGHT);
            assertThat(aLeft.toJson()).as("aLeft").isEqualTo(list(c.get("aLeft")));
            assertThat(aRight.toJson()).as("aRight").isEqualTo(list(c.get("aRight")));
            assertThat(bLeft.toJson()).as("bLeft").isEqualTo(list(c.get("bLeft")));
            assertThat(bRight.toJson()).as("bRight").isEqualTo(list(c.get("bRight")));
            String afterA = Ot.apply(doc, a);
            String afterB = Ot.apply(doc, b);
            assertThat(Ot.apply(afterB, aLeft)).isEqualTo(Ot.apply(afterA, bRight))
                    .isEqualTo(c.get("resultALeft").asText());
            assertThat(Ot.apply(afterB, aRight)).isEqualTo(Ot.apply(afterA, bLeft))
                    .isEqualTo(c.get("resultARight").asText());
        });
    }

    @TestFactory
    Stream<DynamicTest> invert() {
        return cases("invert", c -> {
            String doc = c.get("doc").asText();
            TextOperation op = op(c.get("op"));
            TextOperation inverse = Ot.invert(op, doc);
            assertThat(inverse.toJson()).isEqualTo(list(c.get("result")));
            assertThat(Ot.apply(Ot.apply(doc, op), inverse)).isEqualTo(doc);
        });
    }

    @TestFactory
    Stream<DynamicTest> transformPosition() {
        return cases("transformPosition", c -> assertThat(
                Ot.transformPosition(c.get("position").asInt(), op(c.get("op")), c.get("ownOp").asBoolean()))
                .isEqualTo(c.get("result").asInt()));
    }

    @TestFactory
    Stream<DynamicTest> normalize() {
        return cases("normalize", c -> assertThat(op(c.get("input")).toJson()).isEqualTo(list(c.get("result"))));
    }

    @TestFactory
    Stream<DynamicTest> invalid() {
        return cases("invalid", c -> {
            List<?> json = JSON.readValue(c.get("json").asText(), List.class);
            assertThatThrownBy(() -> TextOperation.fromJson(json)).isInstanceOf(InvalidOperationException.class);
        });
    }

    @TestFactory
    Stream<DynamicTest> doesNotFit() {
        return cases("doesNotFit", c -> assertThatThrownBy(() -> Ot.apply(c.get("doc").asText(), op(c.get("op"))))
                .isInstanceOf(InvalidOperationException.class));
    }

    @TestFactory
    Stream<DynamicTest> codePoints() {
        return cases("codePoints", c -> {
            String text = c.get("text").asText();
            assertThat(CodePoints.length(text)).isEqualTo(c.get("codePoints").asInt());
            assertThat(text.length()).isEqualTo(c.get("utf16Length").asInt());
            for (int i = 0; i <= text.length(); i++) {
                assertThat(Character.codePointCount(text, 0, i)).as("offset of UTF-16 index %d", i)
                        .isEqualTo(c.get("codePointOffsets").get(i).asInt());
            }
        });
    }

    private interface Check {
        void accept(JsonNode c) throws Exception;
    }

    private static Stream<DynamicTest> cases(String section, Check check) {
        List<DynamicTest> tests = new ArrayList<>();
        JsonNode list = vectors.get(section);
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String shown = c.toString();
            String name = section + " #" + i + " " + (shown.length() > 150 ? shown.substring(0, 150) + "…" : shown);
            tests.add(DynamicTest.dynamicTest(name, () -> check.accept(c)));
        }
        return tests.stream();
    }

    private static TextOperation op(JsonNode json) {
        return TextOperation.fromJson(list(json));
    }

    private static List<?> list(JsonNode json) {
        return JSON.convertValue(json, List.class);
    }
}
