package dev.tandem.protocol.history;

/**
 * {@code length} consecutive code points of a document inserted by one author: the person whose committed text
 * edit inserted them.
 *
 * @param length code points, at least 1
 * @param author the clientId that committed the edit
 * @param name   the author's name on that edit ({@code authorName})
 */
public record AuthorRun(int length, String author, String name) {

    public AuthorRun {
        if (length < 1) {
            throw HistoryFields.fail("length must be >= 1, was " + length);
        }
        HistoryFields.docId("author", author);
        HistoryFields.required("name", name);
    }
}
