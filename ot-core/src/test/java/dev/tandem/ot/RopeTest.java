package dev.tandem.ot;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RopeTest {

    @Test
    void editsKeepTheTextAndTheBalance() {
        Rope rope = Rope.of("hello world");
        rope = rope.insert(5, ",").delete(0, 1).insert(0, "H");
        rope = rope.insert(rope.length(), "!");
        assertThat(rope.toString()).isEqualTo("Hello, world!");
        assertThat(rope.substring(7, 12)).isEqualTo("world");
        assertThat(rope.isBalanced()).isTrue();
    }

    @Test
    void neverSplitsASurrogatePairAcrossLeaves() {
        String emoji = "😀".repeat(5000);
        Rope rope = Rope.of(emoji);
        assertThat(rope.length()).isEqualTo(5000);
        assertThat(rope.utf16Length()).isEqualTo(10000);
        assertThat(rope.insert(2500, "x").substring(2499, 2502)).isEqualTo("😀x😀");
    }

    @Test
    void manyEditsStayBalanced() {
        Rope rope = Rope.empty();
        StringBuilder model = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            int at = random.nextInt(model.length() + 1);
            if (random.nextInt(4) == 0 && at < model.length()) {
                int n = Math.min(1 + random.nextInt(20), model.length() - at);
                rope = rope.delete(at, n);
                model.delete(at, at + n);
            } else {
                String s = "ab\n".repeat(1 + random.nextInt(3));
                rope = rope.insert(at, s);
                model.insert(at, s);
            }
        }
        assertThat(rope.toString()).isEqualTo(model.toString());
        assertThat(rope.isBalanced()).isTrue();
    }

    @Test
    void oneKeystrokeInATenMegabyteDocumentDoesNotCopyIt() {
        Rope big = Rope.of("0123456789abcdef".repeat(10 * 1024 * 1024 / 16));
        TextOperation keystroke = TextOperation.insert(big.length() / 2, "x");

        long before = allocatedBytes();
        Rope after = Ot.apply(big, keystroke);
        long allocated = allocatedBytes() - before;

        assertThat(after.length()).isEqualTo(big.length() + 1);
        // a copy of the text would allocate at least 10 MB; a path through the tree is a few kilobytes
        assertThat(allocated).isLessThan(256 * 1024);
    }

    @Test
    void refusesRangesOutsideTheText() {
        assertThatThrownBy(() -> Rope.of("abc").delete(2, 2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("range [2, 4) is outside a text of 3 code points");
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
