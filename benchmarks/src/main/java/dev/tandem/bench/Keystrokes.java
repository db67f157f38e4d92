package dev.tandem.bench;

import dev.tandem.ot.TextOperation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** One-character edits at random positions, as people type them: mostly inserts, some backspaces. */
final class Keystrokes {
    private static final String TYPED = "etaoinsrhl  ();.=\n{}";

    private Keystrokes() {
    }

    /** One character inserted at a random position of a document of {@code documentLength} code points. */
    static TextOperation insert(SplittableRandom random, int documentLength) {
        return TextOperation.insert(random.nextInt(documentLength + 1), character(random));
    }

    /** One code point deleted at a random position of a non-empty document of {@code documentLength}. */
    static TextOperation delete(SplittableRandom random, int documentLength) {
        return TextOperation.delete(random.nextInt(documentLength), 1);
    }

    /** A typed character: letters, spaces, punctuation and newlines in roughly source-code proportions. */
    static String character(SplittableRandom random) {
        return String.valueOf(TYPED.charAt(random.nextInt(TYPED.length())));
    }

    /**
     * {@code count} keystrokes in sequence, each made on the document the previous ones left, starting from a
     * document of {@code documentLength} code points: the history a server commits while one client's op is out.
     * One in five is a delete.
     */
    static List<TextOperation> sequence(SplittableRandom random, int documentLength, int count) {
        List<TextOperation> ops = new ArrayList<>(count);
        int length = documentLength;
        for (int i = 0; i < count; i++) {
            if (length > 0 && random.nextInt(5) == 0) {
                ops.add(delete(random, length));
                length--;
            } else {
                ops.add(insert(random, length));
                length++;
            }
        }
        return ops;
    }
}
