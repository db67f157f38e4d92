package dev.tandem.protocol;

/**
 * A chat line shown beside the document. JSON: {@code {"kind":"chat","text":"ready to merge?"}}. The text is 1 to
 * {@value #MAX_CODE_POINTS} code points of well-formed UTF-16, not blank, with no control character but tab and
 * newline.
 */
public record ChatMessage(String text) implements Edit {
    public static final String KIND = "chat";
    public static final int MAX_CODE_POINTS = 4000;

    public ChatMessage {
        Check.required(ErrorCode.INVALID_EDIT, "text", text);
        int length = Check.codePoints(ErrorCode.INVALID_EDIT, "text", text);
        if (text.isBlank()) {
            throw new ProtocolException(ErrorCode.INVALID_EDIT, "text must not be empty or blank");
        }
        if (length > MAX_CODE_POINTS) {
            throw new ProtocolException(ErrorCode.INVALID_EDIT,
                    "text must be at most " + MAX_CODE_POINTS + " code points, was " + length);
        }
        int control = Check.firstControl(text, true);
        if (control >= 0) {
            throw new ProtocolException(ErrorCode.INVALID_EDIT, "text must not contain control characters but"
                    + " tab and newline, has U+" + Check.hex(text.charAt(control)) + " at index " + control);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }
}
