package dev.tandem.protocol;

import java.util.regex.Pattern;

/**
 * Sets the document's language (syntax highlighting, run configuration). JSON:
 * {@code {"kind":"language","language":"python"}}. A language is an identifier of 1 to 32 characters:
 * lower-case letters and digits first, then also {@code _ + # . -} ({@code c++}, {@code c#}, {@code objective-c}).
 * A new document's language is {@value #DEFAULT}.
 */
public record LanguageChange(String language) implements Edit {
    public static final String KIND = "language";
    public static final String DEFAULT = "plaintext";

    private static final Pattern LANGUAGE = Pattern.compile("[a-z0-9][a-z0-9_+#.-]{0,31}");

    public LanguageChange {
        language(language, "language", ErrorCode.INVALID_EDIT);
    }

    /** Checks a language identifier, reporting {@code code} (also used for {@code snapshot.language}). */
    static String language(String language, String field, ErrorCode code) {
        Check.required(code, field, language);
        if (!LANGUAGE.matcher(language).matches()) {
            throw new ProtocolException(code, field
                    + " must be 1 to 32 characters of a-z 0-9 _ + # . - starting with a letter or digit, was "
                    + Check.quote(language));
        }
        return language;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String languageAfter(String before) {
        return language;
    }
}
