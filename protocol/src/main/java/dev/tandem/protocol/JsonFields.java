package dev.tandem.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Typed reads of one JSON object's fields, failing with a {@link ProtocolException} that names the field and
 * what was expected. Absent fields and {@code null} are the same; unknown fields are ignored.
 */
final class JsonFields {
    private final JsonNode node;
    private final ErrorCode code;

    private JsonFields(JsonNode node, ErrorCode code) {
        this.node = node;
        this.code = code;
    }

    /** The fields of {@code node}, which must be an object; {@code what} names it in the message. */
    static JsonFields of(JsonNode node, String what, ErrorCode code) {
        if (node == null || !node.isObject()) {
            throw new ProtocolException(code, what + " must be a JSON object, was " + describe(node));
        }
        return new JsonFields(node, code);
    }

    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    JsonNode required(String field) {
        if (!has(field)) {
            throw fail(field + " is required");
        }
        return node.get(field);
    }

    String string(String field) {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw fail(field + " must be a string, was " + describe(value));
        }
        return value.textValue();
    }

    boolean bool(String field) {
        JsonNode value = required(field);
        if (!value.isBoolean()) {
            throw fail(field + " must be true or false, was " + describe(value));
        }
        return value.booleanValue();
    }

    int integer(String field) {
        JsonNode value = required(field);
        if (!value.isIntegralNumber()) {
            throw fail(field + " must be an integer, was " + describe(value));
        }
        if (!value.canConvertToInt()) {
            throw fail(field + " is out of range, was " + describe(value));
        }
        return value.intValue();
    }

    OptionalInt optionalInteger(String field) {
        return has(field) ? OptionalInt.of(integer(field)) : OptionalInt.empty();
    }

    long longInteger(String field) {
        JsonNode value = required(field);
        if (!value.isIntegralNumber()) {
            throw fail(field + " must be an integer, was " + describe(value));
        }
        if (!value.canConvertToLong()) {
            throw fail(field + " is out of range, was " + describe(value));
        }
        return value.longValue();
    }

    OptionalLong optionalLongInteger(String field) {
        return has(field) ? OptionalLong.of(longInteger(field)) : OptionalLong.empty();
    }

    Instant instant(String field) {
        String text = string(field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw fail(field + " must be an ISO-8601 instant such as 2025-01-15T09:30:00.250Z, was "
                    + Check.quote(text));
        }
    }

    ErrorCode errorCode(String field) {
        String text = string(field);
        try {
            return ErrorCode.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw fail(field + " must be an error code of this protocol, was " + Check.quote(text));
        }
    }

    /** The object in {@code field}, whose own fields fail with {@code nestedCode}. */
    JsonFields object(String field, ErrorCode nestedCode) {
        JsonNode value = required(field);
        if (!value.isObject()) {
            throw fail(field + " must be a JSON object, was " + describe(value));
        }
        return new JsonFields(value, nestedCode);
    }

    /** The array in {@code field}. */
    List<JsonNode> array(String field) {
        JsonNode value = required(field);
        if (!value.isArray()) {
            throw fail(field + " must be an array, was " + describe(value));
        }
        List<JsonNode> items = new ArrayList<>(value.size());
        value.forEach(items::add);
        return items;
    }

    ProtocolException fail(String message) {
        return new ProtocolException(code, message);
    }

    /** A short rendering of a JSON value for a message: scalars as written, containers by kind. */
    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isTextual()) {
            return Check.quote(value.textValue());
        }
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
