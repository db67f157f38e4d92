package dev.tandem.protocol;

import dev.tandem.ot.TextOperation;

/**
 * The first revision of a forked document: its whole text and language, copied from {@code forkedFrom}. JSON:
 * {@code {"kind":"fork","forkedFrom":{"docId":"ro_…","revision":12},"text":"…","language":"java"}}. Only a
 * gateway makes it ({@code POST /api/docs/{docId}/forks}); a gateway refuses it from a WebSocket client
 * ({@code INVALID_EDIT}), and the sequencer commits it only as revision 1 of a document never edited. For OT it
 * is the insert of {@code text} into the empty document; like a language change it also sets the language.
 */
public record ForkOrigin(ForkedFrom forkedFrom, String text, String language) implements Edit {
    public static final String KIND = "fork";

    public ForkOrigin {
        Check.required(ErrorCode.INVALID_EDIT, "forkedFrom", forkedFrom);
        Check.required(ErrorCode.INVALID_EDIT, "text", text);
        Check.codePoints(ErrorCode.INVALID_EDIT, "text", text);
        LanguageChange.language(language, "language", ErrorCode.INVALID_EDIT);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The insert of the whole text into the empty document (the no-op for an empty text). */
    @Override
    public TextOperation operation() {
        return text.isEmpty() ? TextOperation.noop() : TextOperation.insert(0, text);
    }

    @Override
    public String languageAfter(String before) {
        return language;
    }
}
