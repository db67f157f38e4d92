package dev.tandem.sequencer;

import java.util.OptionalInt;

import dev.tandem.ot.Component;
import dev.tandem.protocol.ChatMessage;
import dev.tandem.protocol.Edit;
import dev.tandem.protocol.ForkOrigin;
import dev.tandem.protocol.LanguageChange;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.VersionName;

/**
 * The largest encoded {@link OpCommitted} the log takes ({@code SizeLimits.maxRecordValueBytes}), and the
 * measure of one. Measuring must not cost an encoding per edit: a bound computed from the lengths of the strings
 * and the number of op components (each JSON character at most 6 bytes, {@code \\uXXXX}) settles every ordinary
 * edit, and only an edit whose bound is over the limit is encoded, exactly as the serializer will encode it.
 */
final class RecordBudget {

    /** Everything of an OpCommitted's JSON but its strings and op: field names, revision, clientSeq, instant. */
    private static final int ENVELOPE_BYTES = 256;
    /** The most bytes a component takes beside its inserted text: {@code {"d":2147483647},} is 17. */
    private static final int COMPONENT_BYTES = 17;
    private static final int BYTES_PER_CHAR = 6;

    private final int maxBytes;

    RecordBudget(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    int maxBytes() {
        return maxBytes;
    }

    /** The exact encoded size of {@code committed} if it exceeds the limit; empty if it fits. */
    OptionalInt excess(OpCommitted committed) {
        if (upperBound(committed) <= maxBytes) {
            return OptionalInt.empty();
        }
        int exact = TandemJson.shared().encodeBytes(committed).length;
        return exact > maxBytes ? OptionalInt.of(exact) : OptionalInt.empty();
    }

    /** Never below the encoded size of {@code committed}. */
    static long upperBound(OpCommitted committed) {
        long chars = (long) committed.docId().length() + committed.clientId().length()
                + committed.authorName().length();
        long components = 0;
        Edit edit = committed.edit();
        if (edit instanceof TextEdit text) {
            for (Component component : text.op().components()) {
                components++;
                if (component instanceof Component.Insert insert) {
                    chars += insert.text().length();
                }
            }
        } else if (edit instanceof ChatMessage chat) {
            chars += chat.text().length();
        } else if (edit instanceof LanguageChange change) {
            chars += change.language().length();
        } else if (edit instanceof VersionName name) {
            chars += name.name().length();
        } else if (edit instanceof ForkOrigin fork) {
            chars += fork.text().length() + fork.language().length() + fork.forkedFrom().docId().length();
        }
        return ENVELOPE_BYTES + components * COMPONENT_BYTES + chars * BYTES_PER_CHAR;
    }
}
