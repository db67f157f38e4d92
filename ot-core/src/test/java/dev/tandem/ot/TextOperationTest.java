package dev.tandem.ot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextOperationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void buildsTheNormalForm() {
        TextOperation op = TextOperation.builder()
                .retain(2).retain(0).retain(1).insert("a").insert("").insert("b").delete(1).delete(2).retain(5)
                .build();
        assertThat(op.toJson()).containsExactly(3, "ab", Map.of("d", 3));
        assertThat(op.baseLength()).isEqualTo(6);
        assertThat(op.insertedLength()).isEqualTo(2);
    }

    @Test
    void aRetainOnlyOperationIsTheNoop() {
        assertThat(TextOperation.builder().retain(7).build()).isEqualTo(TextOperation.noop());
        assertThat(TextOperation.noop().toJson()).isEmpty();
    }

    @Test
    void countsCodePointsNotUtf16Units() {
        TextOperation op = TextOperation.insert(1, "😀a");
        assertThat(op.insertedLength()).isEqualTo(2);
        assertThat(Ot.apply("𝄞𝄞", op)).isEqualTo("𝄞😀a𝄞");
        assertThat(Ot.apply("𝄞𝄞", TextOperation.delete(1, 1))).isEqualTo("𝄞");
    }

    @Test
    void readsTheOtTextUnicodeJsonForm() throws Exception {
        List<Object> json = JSON.readValue("[2, \"hi\", {\"d\": 1}, 3, {\"d\": \"xy\"}]", new TypeReference<>() { });
        TextOperation op = TextOperation.fromJson(json);
        assertThat(op).isEqualTo(TextOperation.builder()
                .retain(2).insert("hi").delete(1).retain(3).delete(2).build());
        assertThat(JSON.writeValueAsString(op.toJson())).isEqualTo("[2,\"hi\",{\"d\":1},3,{\"d\":2}]");
    }

    @Test
    void normalizesJsonItReads() {
        TextOperation op = TextOperation.fromJson(List.of(1, 1, "a", "b", Map.of("d", 1), Map.of("d", 1), 4));
        assertThat(op.toJson()).containsExactly(2, "ab", Map.of("d", 2));
    }

    @Test
    void refusesMalformedJsonComponentsSayingWhich() {
        assertThatThrownBy(() -> TextOperation.fromJson(List.of(1, 0)))
                .isInstanceOf(InvalidOperationException.class)
                .hasMessageContaining("op component 1 (0)").hasMessageContaining("positive");
        assertThatThrownBy(() -> TextOperation.fromJson(List.of("")))
                .isInstanceOf(InvalidOperationException.class).hasMessageContaining("op component 0");
        assertThatThrownBy(() -> TextOperation.fromJson(List.of(Map.of("x", 1))))
                .isInstanceOf(InvalidOperationException.class).hasMessageContaining("{\"d\": n}");
        assertThatThrownBy(() -> TextOperation.fromJson(List.of(1.5)))
                .isInstanceOf(InvalidOperationException.class).hasMessageContaining("positive integer");
        assertThatThrownBy(() -> TextOperation.fromJson(List.of(3_000_000_000L)))
                .isInstanceOf(InvalidOperationException.class).hasMessageContaining("below 2^31");
        assertThatThrownBy(() -> TextOperation.fromJson(List.of(Integer.MAX_VALUE, "x", Integer.MAX_VALUE)))
                .isInstanceOf(InvalidOperationException.class).hasMessageContaining("more than 2^31-1 code points");
    }

    @Test
    void refusesTextWithAnUnpairedSurrogate() {
        assertThatThrownBy(() -> TextOperation.insert(0, "a\uD83D"))
                .isInstanceOf(InvalidOperationException.class).hasMessageContaining("unpaired surrogate at UTF-16 index 1");
        assertThatThrownBy(() -> TextOperation.fromJson(List.of("\uDE00b")))
                .isInstanceOf(InvalidOperationException.class).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void refusesAnOperationLongerThanTheDocumentAndChangesNothing() {
        TextOperation op = TextOperation.delete(2, 5);
        assertThatThrownBy(() -> Ot.apply("abcd", op))
                .isInstanceOf(InvalidOperationException.class)
                .hasMessage("op retains or deletes 7 code points but the document has only 4");
        Rope rope = Rope.of("abcd");
        assertThatThrownBy(() -> Ot.apply(rope, op)).isInstanceOf(InvalidOperationException.class);
        assertThat(rope.toString()).isEqualTo("abcd");
    }

    @Test
    void theServerRefusesABaseRevisionItDoesNotHave() {
        OtServer server = new OtServer("x");
        assertThatThrownBy(() -> server.receive(1, TextOperation.insert(0, "a")))
                .isInstanceOf(InvalidOperationException.class).hasMessageContaining("base revision 1 is outside [0, 0]");
    }
}
