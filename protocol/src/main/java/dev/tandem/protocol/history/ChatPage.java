package dev.tandem.protocol.history;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * {@code GET /api/docs/{docId}/chat?before=r&limit=n}: the latest {@code n} chat messages committed before
 * revision {@code r}, oldest first, so a client pages backwards through the chat.
 *
 * @param messages ascending by revision
 * @param next     the {@code before} of the next (older) page when older messages exist; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatPage(String docId, List<ChatEntry> messages, Integer next) {

    public ChatPage {
        HistoryFields.docId("docId", docId);
        messages = HistoryFields.list("messages", messages);
        for (int i = 1; i < messages.size(); i++) {
            if (messages.get(i).revision() <= messages.get(i - 1).revision()) {
                throw HistoryFields.fail("messages must ascend by revision, but messages[" + i + "] is revision "
                        + messages.get(i).revision() + " after " + messages.get(i - 1).revision());
            }
        }
        if (next != null && (messages.isEmpty() || next != messages.get(0).revision())) {
            throw HistoryFields.fail("next must be the revision of the page's first message, was " + next);
        }
    }
}
