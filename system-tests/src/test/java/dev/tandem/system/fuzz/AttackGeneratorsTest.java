package dev.tandem.system.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttackGeneratorsTest {

    @Test
    void aPaddedPingHasExactlyTheSizeAskedAndIsAPing() throws Exception {
        for (int size : new int[] {125, 126, 65536, 1 << 20, (1 << 20) + (64 << 10) + 1}) {
            byte[] frame = Frames.paddedPing(size);
            assertThat(frame).hasSize(size);
            assertThat(new ObjectMapper().readTree(frame).get("type").asText()).isEqualTo("ping");
        }
    }

    @Test
    void everyInvalidUtf8FrameIsReallyNotUtf8() {
        for (byte[] sequence : InvalidUtf8Frames.invalidSequences()) {
            assertThatThrownBy(() -> strictUtf8(sequence)).isInstanceOf(CharacterCodingException.class);
        }
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            byte[] frame = InvalidUtf8Frames.frame(random, "doc", 3);
            assertThatThrownBy(() -> strictUtf8(frame)).as(InvalidUtf8Frames.describe(frame))
                    .isInstanceOf(CharacterCodingException.class);
        }
    }

    @Test
    void preJoinGarbageIsValidUtf8() throws Exception {
        Random random = new Random(2);
        for (int i = 0; i < 500; i++) {
            strictUtf8(PreJoinGarbage.garbage(random).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void theSameSeedGivesTheSameFrames() {
        Random a = new Random(42);
        Random b = new Random(42);
        for (int i = 0; i < 50; i++) {
            assertThat(InvalidUtf8Frames.frame(a, "d", 1)).isEqualTo(InvalidUtf8Frames.frame(b, "d", 1));
            assertThat(SizeLimitFrames.size(a, 1 << 20, (1 << 20) + (64 << 10)))
                    .isEqualTo(SizeLimitFrames.size(b, 1 << 20, (1 << 20) + (64 << 10)));
        }
    }

    @Test
    void fragmentCutsAreIncreasingAndCoverTheFrame() {
        Random random = new Random(3);
        for (int i = 0; i < 100; i++) {
            int[] cuts = TransportFrames.fragments(random, 30);
            assertThat(cuts[0]).isZero();
            assertThat(cuts[cuts.length - 1]).isEqualTo(30);
            assertThat(cuts).isSorted().doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(3);
        }
    }

    private static void strictUtf8(byte[] bytes) throws CharacterCodingException {
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
    }
}
