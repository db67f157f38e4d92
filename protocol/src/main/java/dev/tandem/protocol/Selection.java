package dev.tandem.protocol;

/**
 * A selection in the document, in code points (never UTF-16 units): {@code anchor} where it started, {@code head}
 * where the caret is; equal for a plain caret. JSON: {@code {"anchor":3,"head":7}}.
 */
public record Selection(int anchor, int head) {
    /** Most selections one client may show (multi-cursor editing). */
    public static final int MAX_PER_CLIENT = 100;

    public Selection {
        Check.nonNegative("anchor", anchor);
        Check.nonNegative("head", head);
    }

    /** A caret with nothing selected. */
    public static Selection caret(int position) {
        return new Selection(position, position);
    }
}
