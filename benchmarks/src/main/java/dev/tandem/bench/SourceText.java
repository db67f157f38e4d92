package dev.tandem.bench;

import dev.tandem.ot.CodePoints;

import java.util.SplittableRandom;

/**
 * Deterministic text that looks like what Tandem edits: indented lines of source code, with the occasional
 * comment holding a non-ASCII character (an em dash, an accented letter, an emoji outside the BMP). Those make
 * the text UTF-16 in a Java {@link String} and exercise the code point arithmetic, as real documents do.
 */
final class SourceText {
    private static final String[] STATEMENTS = {
        "int count = items.size();",
        "return Ot.transform(op, other, Side.RIGHT);",
        "if (position > document.length()) {",
        "}",
        "for (TextOperation committed : history) {",
        "result = result.insert(position, text);",
        "log.debugf(\"revision %d\", revision);",
        "private final List<Component> components = new ArrayList<>();",
        "throw new IllegalStateException(\"no operation in flight\");",
        "buffer = buffer == null ? op : Ot.compose(buffer, op);",
        "",
    };
    private static final String[] COMMENTS = {
        "// the server's op goes first — ties break to the left",
        "// café: a Latin-1 letter",
        "// TODO 🙂 astral characters count as one code point",
    };

    private SourceText() {
    }

    /** Exactly {@code codePoints} code points of source-like text; the same text for the same arguments. */
    static String of(int codePoints, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(codePoints + codePoints / 8);
        int length = 0;
        while (length < codePoints) {
            String line = "    ".repeat(random.nextInt(4))
                    + (random.nextInt(40) == 0
                            ? COMMENTS[random.nextInt(COMMENTS.length)]
                            : STATEMENTS[random.nextInt(STATEMENTS.length)])
                    + "\n";
            int lineLength = CodePoints.length(line);
            if (length + lineLength > codePoints) {
                line = CodePoints.substring(line, 0, codePoints - length);
                lineLength = codePoints - length;
            }
            text.append(line);
            length += lineLength;
        }
        return text.toString();
    }
}
