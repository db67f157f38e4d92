package dev.tandem.protocol;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The field rules shared by the records' constructors, so a record cannot hold a value the wire refuses. Messages
 * name the field relative to the record; decoders prefix the path ({@link ProtocolException#within}).
 */
final class Check {
    /** Largest clientSeq: JavaScript numbers are exact up to 2^53 - 1. */
    static final long MAX_CLIENT_SEQ = (1L << 53) - 1;
    static final int MAX_ID_LENGTH = 64;
    static final int MAX_NAME_CODE_POINTS = 64;
    static final int MAX_MESSAGE_LENGTH = 1000;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-f]{6}");

    private Check() {
    }

    static <T> T required(String field, T value) {
        return required(ErrorCode.MALFORMED_MESSAGE, field, value);
    }

    static <T> T required(ErrorCode code, String field, T value) {
        if (value == null) {
            throw new ProtocolException(code, field + " is required");
        }
        return value;
    }

    /** docId, clientId, sessionId: 1 to 64 of {@code A-Z a-z 0-9 _ -}. */
    static String id(String field, String value) {
        required(field, value);
        if (!ID.matcher(value).matches()) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE,
                    field + " must be 1 to 64 characters of A-Z a-z 0-9 _ -, was " + quote(value));
        }
        return value;
    }

    /** A display name: 1 to 64 code points, not blank, no control characters, well-formed UTF-16. */
    static String name(String field, String value) {
        required(field, value);
        int length = codePoints(ErrorCode.MALFORMED_MESSAGE, field, value);
        if (length == 0 || value.isBlank()) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, field + " must not be empty or blank");
        }
        if (length > MAX_NAME_CODE_POINTS) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE,
                    field + " must be at most " + MAX_NAME_CODE_POINTS + " code points, was " + length);
        }
        int control = firstControl(value, false);
        if (control >= 0) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, field
                    + " must not contain control characters, has U+" + hex(value.charAt(control))
                    + " at index " + control);
        }
        return value;
    }

    /** An optional clientId a participant follows (absent: nobody). */
    static Optional<String> following(Optional<String> following) {
        required("following", following);
        following.ifPresent(id -> id("following", id));
        return following;
    }

    /** A color: {@code #rrggbb}, lower-case hexadecimal. */
    static String color(String field, String value) {
        required(field, value);
        if (!COLOR.matcher(value).matches()) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE,
                    field + " must be #rrggbb in lower-case hexadecimal, was " + quote(value));
        }
        return value;
    }

    static int nonNegative(String field, int value) {
        if (value < 0) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, field + " must be >= 0, was " + value);
        }
        return value;
    }

    /** A revision some edit was committed at: revisions count from 1. */
    static int committedRevision(String field, int value) {
        if (value < 1) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, field + " must be >= 1, was " + value);
        }
        return value;
    }

    static long clientSeq(String field, long value) {
        if (value < 1 || value > MAX_CLIENT_SEQ) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE,
                    field + " must be between 1 and " + MAX_CLIENT_SEQ + ", was " + value);
        }
        return value;
    }

    static long range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE,
                    field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** A required instant, truncated to the millisecond precision the wire carries. */
    static Instant instant(String field, Instant value) {
        return required(field, value).truncatedTo(ChronoUnit.MILLIS);
    }

    /** An unmodifiable copy of a required list with no null element and at most {@code max} elements. */
    static <T> List<T> list(String field, List<T> value, int max) {
        required(field, value);
        if (value.size() > max) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE,
                    field + " must have at most " + max + " elements, had " + value.size());
        }
        for (int i = 0; i < value.size(); i++) {
            required(field + "[" + i + "]", value.get(i));
        }
        return List.copyOf(value);
    }

    /** Code points in {@code value}, refusing an unpaired surrogate with {@code code}. */
    static int codePoints(ErrorCode code, String field, String value) {
        int count = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ProtocolException(code,
                        field + " is not well-formed UTF-16: unpaired surrogate at index " + i);
            }
            count++;
        }
        return count;
    }

    /** UTF-16 index of the first control character (C0, DEL, C1), or -1; tab and newline allowed if asked. */
    static int firstControl(String value, boolean allowTabAndNewline) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(allowTabAndNewline && (c == '\t' || c == '\n'))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Free text for a person to read (error messages): unpaired surrogates become U+FFFD so it always encodes,
     * and it is cut to {@value #MAX_MESSAGE_LENGTH} characters so an echoed payload cannot bloat it. Applying it
     * twice changes nothing more.
     */
    static String message(String field, String value) {
        required(field, value);
        String cut = value.length() > MAX_MESSAGE_LENGTH
                ? value.substring(0, MAX_MESSAGE_LENGTH - 3) + "..."
                : value;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < cut.length()
                    && Character.isLowSurrogate(cut.charAt(i + 1));
            if (paired) {
                out.append(c).append(cut.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    static String hex(char c) {
        return String.format("%04X", (int) c);
    }

    /** {@code value} as a JSON-ish quoted string for a message, cut at 40 characters. */
    static String quote(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) || c == 0x7f) {
                out.append("\\u").append(hex(c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
