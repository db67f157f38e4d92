package dev.tandem.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;

class Utf8ValidatorTest {

    private final Utf8Validator utf8 = new Utf8Validator();

    @Test
    void acceptsEveryLengthOfCharacterAlsoSplitAcrossFragments() {
        byte[] text = "a é € 🌍 \uFFFD".getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= text.length; cut++) {
            utf8.reset();
            assertThat(utf8.feed(Unpooled.wrappedBuffer(text, 0, cut))).isEqualTo(-1);
            assertThat(utf8.feed(Unpooled.wrappedBuffer(text, cut, text.length - cut))).isEqualTo(-1);
            assertThat(utf8.complete()).isTrue();
        }
    }

    @Test
    void failsAtTheFirstByteThatCannotContinue() {
        assertThat(feed(0x61, 0xED, 0xA0, 0x80, 0xFF)).isEqualTo(2); // a surrogate: ED A0
        assertThat(feed(0xC0, 0x80)).isEqualTo(0); // overlong
        assertThat(feed(0xE0, 0x80, 0x80)).isEqualTo(1); // overlong
        assertThat(feed(0xF4, 0x90, 0x80, 0x80)).isEqualTo(1); // above U+10FFFF
        assertThat(feed(0x80)).isEqualTo(0); // a continuation without a start
        assertThat(feed(0xFF)).isEqualTo(0);
    }

    @Test
    void aMessageMayNotEndInsideACharacter() {
        assertThat(feed(0x61, 0xF0, 0x9F)).isEqualTo(-1);
        assertThat(utf8.complete()).isFalse();
        assertThat(utf8.length()).isEqualTo(3);
    }

    private long feed(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        utf8.reset();
        return utf8.feed(Unpooled.wrappedBuffer(b));
    }
}
