package dev.tandem.ot;

/** Code point arithmetic on Java strings (which are UTF-16). */
public final class CodePoints {
    private CodePoints() {
    }

    /** Number of code points in {@code s}. */
    public static int length(CharSequence s) {
        return Character.codePointCount(s, 0, s.length());
    }

    /** Number of code points in {@code s}, refusing text with an unpaired surrogate. */
    public static int checkedLength(String s) {
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new InvalidOperationException("text has an unpaired surrogate at UTF-16 index " + i);
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new InvalidOperationException("text has an unpaired surrogate at UTF-16 index " + i);
            }
            count++;
        }
        return count;
    }

    /** UTF-16 index of the code point at code point offset {@code codePoints} in {@code s}. */
    public static int charIndex(String s, int codePoints) {
        return s.offsetByCodePoints(0, codePoints);
    }

    /** The code points {@code [from, to)} of {@code s}. */
    public static String substring(String s, int from, int to) {
        int start = s.offsetByCodePoints(0, from);
        int end = s.offsetByCodePoints(start, to - from);
        return s.substring(start, end);
    }
}
