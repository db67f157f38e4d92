package dev.tandem.protocol.history;

import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.ProtocolException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/** The field rules of the history records; failures read like the rest of the protocol's. */
final class HistoryFields {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private HistoryFields() {
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw fail(field + " is required");
        }
        return value;
    }

    static String docId(String field, String value) {
        required(field, value);
        if (!ID.matcher(value).matches()) {
            throw fail(field + " must be 1 to 64 characters of A-Z a-z 0-9 _ -");
        }
        return value;
    }

    static int revision(String field, int value) {
        if (value < 0) {
            throw fail(field + " must be >= 0, was " + value);
        }
        return value;
    }

    static int committedRevision(String field, int value) {
        if (value < 1) {
            throw fail(field + " must be >= 1, was " + value);
        }
        return value;
    }

    static int atMost(String field, int value, String limitField, int limit) {
        if (value > limit) {
            throw fail(field + " must be <= " + limitField + " (" + limit + "), was " + value);
        }
        return value;
    }

    /** Instants travel to the millisecond, as everywhere in the protocol. */
    static Instant instant(String field, Instant value) {
        return required(field, value).truncatedTo(ChronoUnit.MILLIS);
    }

    static Instant optionalInstant(Instant value) {
        return value == null ? null : value.truncatedTo(ChronoUnit.MILLIS);
    }

    /** An unmodifiable copy of a required list without null elements. */
    static <T> List<T> list(String field, List<T> value) {
        required(field, value);
        for (int i = 0; i < value.size(); i++) {
            required(field + "[" + i + "]", value.get(i));
        }
        return List.copyOf(value);
    }

    static ProtocolException fail(String message) {
        return new ProtocolException(ErrorCode.MALFORMED_MESSAGE, message);
    }
}
