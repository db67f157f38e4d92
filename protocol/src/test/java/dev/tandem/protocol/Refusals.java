package dev.tandem.protocol;

import java.util.OptionalLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Asserts how a decoder refuses an input: the code, the exact message, the clientSeq it carries. */
final class Refusals {
    private final Function<String, ?> decoder;

    private Refusals(Function<String, ?> decoder) {
        this.decoder = decoder;
    }

    static Refusals of(Function<String, ?> decoder) {
        return new Refusals(decoder);
    }

    void assertRefused(String json, ErrorCode code, String message) {
        assertRefused(json, code, message, OptionalLong.empty());
    }

    void assertRefused(String json, ErrorCode code, String message, long clientSeq) {
        assertRefused(json, code, message, OptionalLong.of(clientSeq));
    }

    private void assertRefused(String json, ErrorCode code, String message, OptionalLong clientSeq) {
        assertThatThrownBy(() -> decoder.apply(json))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.getMessage()).isEqualTo(message);
                    org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(code);
                    org.assertj.core.api.Assertions.assertThat(e.clientSeq()).isEqualTo(clientSeq);
                });
    }
}
