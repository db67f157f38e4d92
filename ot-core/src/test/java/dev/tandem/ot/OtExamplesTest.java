package dev.tandem.ot;

import dev.tandem.ot.sim.Simulation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The cases people hit in practice, each played out between two users through a server. */
class OtExamplesTest {

    @Test
    void concurrentInsertsAtBothEndsGiveBothUsersTheSameText() {
        Simulation sim = new Simulation("BCD", 2, 1);
        sim.localEdit(0, TextOperation.insert(0, "A"));
        sim.localEdit(1, TextOperation.insert(3, "E"));
        sim.quiesce();

        assertThat(sim.text(0)).isEqualTo("ABCDE");
        assertThat(sim.text(1)).isEqualTo("ABCDE");
        assertThat(sim.server().document().toString()).isEqualTo("ABCDE");
    }

    @Test
    void concurrentDeletesOfTheSameTextDeleteItOnce() {
        Simulation sim = new Simulation("ABCDE", 2, 2);
        sim.localEdit(0, TextOperation.delete(0, 1));
        sim.localEdit(1, TextOperation.delete(0, 1));
        sim.quiesce();

        assertThat(sim.text(0)).isEqualTo("BCDE");
        assertThat(sim.text(1)).isEqualTo("BCDE");
        assertThat(sim.server().revision()).isEqualTo(2);
        assertThat(sim.server().operation(2).isNoop()).as("the second delete found nothing left to delete").isTrue();
    }

    @Test
    void concurrentInsertsAtOnePositionEndInTheSameOrderOnBothScreens() {
        Simulation sim = new Simulation("ab", 2, 3);
        sim.localEdit(0, TextOperation.insert(1, "XX"));
        sim.localEdit(1, TextOperation.insert(1, "yy"));
        sim.quiesce();

        assertThat(sim.text(0)).isEqualTo(sim.text(1)).isIn("aXXyyb", "ayyXXb");
    }

    @Test
    void theFirstCommittedOfTwoInsertsAtOnePositionGoesFirst() {
        OtServer server = new OtServer("ab");
        server.receive(0, TextOperation.insert(1, "first"));
        server.receive(0, TextOperation.insert(1, "second"));
        assertThat(server.document().toString()).isEqualTo("afirstsecondb");
    }

    @Test
    void cursorOnLine15MovesToLine16WhenSomeoneInsertsALineAtLine3() {
        StringBuilder doc = new StringBuilder();
        for (int line = 1; line <= 20; line++) {
            doc.append("line ").append(line).append('\n');
        }
        String text = doc.toString();
        int cursor = text.indexOf("line 15") + 3;
        TextOperation newLineAt3 = TextOperation.insert(text.indexOf("line 3"), "inserted\n");

        int moved = Ot.transformPosition(cursor, newLineAt3, false);
        String after = Ot.apply(text, newLineAt3);

        assertThat(lineOf(after, moved)).isEqualTo(16);
        assertThat(after.substring(moved - 3, moved + 4)).isEqualTo("line 15");
    }

    @Test
    void emojiAreNeverSplit() {
        Simulation sim = new Simulation("😀😀", 2, 4);
        sim.localEdit(0, TextOperation.insert(1, "👍"));
        sim.localEdit(1, TextOperation.delete(1, 1));
        sim.quiesce();

        assertThat(sim.text(0)).isEqualTo("😀👍").isEqualTo(sim.text(1));
    }

    @Test
    void aRemoteCursorAtAnInsertStaysBeforeItAndTheOwnCursorFollowsTyping() {
        TextOperation typed = TextOperation.insert(2, "xyz");
        assertThat(Ot.transformPosition(2, typed, false)).isEqualTo(2);
        assertThat(Ot.transformPosition(2, typed, true)).isEqualTo(5);
    }

    @Test
    void aCursorInsideDeletedTextMovesToWhereTheDeletionWas() {
        assertThat(Ot.transformPosition(5, TextOperation.delete(3, 4), false)).isEqualTo(3);
        assertThat(Ot.transformPosition(9, TextOperation.delete(3, 4), false)).isEqualTo(5);
    }

    private static int lineOf(String text, int codePointOffset) {
        String before = CodePoints.substring(text, 0, codePointOffset);
        return (int) before.chars().filter(c -> c == '\n').count() + 1;
    }
}
