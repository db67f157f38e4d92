package dev.tandem.protocol;

import dev.tandem.ot.TextOperation;

/**
 * An edit of the document's text. JSON: {@code {"kind":"text","op":[5,"hi",{"d":2}]}}, the op in
 * ot-text-unicode's form with lengths in code points. A committed text edit may be the no-op ({@code "op":[]})
 * when transformation cancelled it.
 */
public record TextEdit(TextOperation op) implements Edit {
    public static final String KIND = "text";

    public TextEdit {
        Check.required(ErrorCode.INVALID_EDIT, "op", op);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public TextOperation operation() {
        return op;
    }

    @Override
    public Edit withOperation(TextOperation transformed) {
        return new TextEdit(transformed);
    }
}
