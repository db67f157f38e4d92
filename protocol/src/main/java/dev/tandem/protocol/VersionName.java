package dev.tandem.protocol;

/**
 * A name for one revision of the document ("before the refactor"), shown in History, where a person jumps to it
 * or restores it. JSON: {@code {"kind":"name","revision":12,"name":"before the refactor"}}. Sequenced like chat:
 * the name takes a revision of its own, so names are ordered, durable and replayable, and the read side lists
 * them by folding the log. {@code revision} is the revision named, 0 (the empty document) to the head the edit is
 * committed after (the sequencer checks that bound, which needs the head); {@code name} is 1 to
 * {@value #MAX_CODE_POINTS} code points of well-formed UTF-16, not blank, with no control character.
 */
public record VersionName(int revision, String name) implements Edit {
    public static final String KIND = "name";
    public static final int MAX_CODE_POINTS = 100;

    public VersionName {
        if (revision < 0) {
            throw new ProtocolException(ErrorCode.INVALID_EDIT, "revision must be >= 0, was " + revision);
        }
        Check.required(ErrorCode.INVALID_EDIT, "name", name);
        int length = Check.codePoints(ErrorCode.INVALID_EDIT, "name", name);
        if (name.isBlank()) {
            throw new ProtocolException(ErrorCode.INVALID_EDIT, "name must not be empty or blank");
        }
        if (length > MAX_CODE_POINTS) {
            throw new ProtocolException(ErrorCode.INVALID_EDIT,
                    "name must be at most " + MAX_CODE_POINTS + " code points, was " + length);
        }
        int control = Check.firstControl(name, false);
        if (control >= 0) {
            throw new ProtocolException(ErrorCode.INVALID_EDIT, "name must not contain control characters, has U+"
                    + Check.hex(name.charAt(control)) + " at index " + control);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }
}
