package dev.tandem.ot;

import dev.tandem.ot.Component.Delete;
import dev.tandem.ot.Component.Insert;
import dev.tandem.ot.Component.Retain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An immutable edit of a text document: retain, insert and delete components walked from the document's start,
 * in Unicode code points. Every instance is normalized the way ot-text-unicode normalizes: no empty component,
 * adjacent components of one kind merged, no trailing retain (the rest of the document is retained implicitly).
 * Equal operations are therefore equal as values.
 *
 * <p>The JSON form is ot-text-unicode's: a list of positive integers (retain), non-empty strings (insert) and
 * {@code {"d": n}} objects (delete n code points); see {@link #toJson()} and {@link #fromJson(List)}.
 */
public final class TextOperation {
    private static final TextOperation NOOP = new TextOperation(List.of(), 0, 0);

    private final List<Component> components;
    private final int baseLength;
    private final int insertedLength;

    private TextOperation(List<Component> components, int baseLength, int insertedLength) {
        this.components = components;
        this.baseLength = baseLength;
        this.insertedLength = insertedLength;
    }

    /** The operation that changes nothing. */
    public static TextOperation noop() {
        return NOOP;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The normalized operation made of {@code components}, in order. */
    public static TextOperation of(Component... components) {
        Builder b = builder();
        for (Component c : components) {
            b.add(c);
        }
        return b.build();
    }

    /** Insert {@code text} at code point {@code position}. */
    public static TextOperation insert(int position, String text) {
        return builder().retain(position).insert(text).build();
    }

    /** Delete {@code count} code points at code point {@code position}. */
    public static TextOperation delete(int position, int count) {
        return builder().retain(position).delete(count).build();
    }

    /** The components, normalized and unmodifiable. */
    public List<Component> components() {
        return components;
    }

    /** Code points of the document this operation reads explicitly (retains and deletes); documents may be longer. */
    public int baseLength() {
        return baseLength;
    }

    /** Length of the document after applying this operation to a document of {@code documentLength} code points. */
    public int targetLength(int documentLength) {
        return documentLength - deletedLength() + insertedLength;
    }

    /** Code points inserted. */
    public int insertedLength() {
        return insertedLength;
    }

    /** Code points deleted. */
    public int deletedLength() {
        int deleted = 0;
        for (Component c : components) {
            if (c instanceof Delete d) {
                deleted += d.count();
            }
        }
        return deleted;
    }

    public boolean isNoop() {
        return components.isEmpty();
    }

    /** The ot-text-unicode JSON value: {@link Integer}, {@link String} and {@code Map<String,Integer>} items. */
    public List<Object> toJson() {
        List<Object> json = new ArrayList<>(components.size());
        for (Component c : components) {
            if (c instanceof Retain r) {
                json.add(r.count());
            } else if (c instanceof Insert i) {
                json.add(i.text());
            } else {
                json.add(Map.of("d", c.length()));
            }
        }
        return json;
    }

    /**
     * Reads the ot-text-unicode JSON value, as a JSON library decodes it into plain Java objects: numbers
     * (retain), strings (insert), and maps {@code {"d": n}} or {@code {"d": "text"}} (delete n, or the text's
     * length). Accepts non-normalized input and normalizes it.
     *
     * @throws InvalidOperationException naming the first item that is not a valid component
     */
    public static TextOperation fromJson(List<?> json) {
        Builder b = builder();
        for (int i = 0; i < json.size(); i++) {
            Object item = json.get(i);
            try {
                b.add(componentFromJson(item));
            } catch (InvalidOperationException e) {
                throw new InvalidOperationException("op component " + i + " (" + item + "): " + e.getMessage());
            }
        }
        return b.build();
    }

    private static Component componentFromJson(Object item) {
        if (item instanceof Number n) {
            return new Retain(exactCount(n));
        }
        if (item instanceof String s) {
            return new Insert(s);
        }
        if (item instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("d")) {
            Object d = m.get("d");
            if (d instanceof Number n) {
                return new Delete(exactCount(n));
            }
            if (d instanceof String s && !s.isEmpty()) {
                return new Delete(CodePoints.checkedLength(s));
            }
        }
        throw new InvalidOperationException(
                "expected a positive integer (retain), a non-empty string (insert) or {\"d\": n} (delete)");
    }

    private static int exactCount(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            long v = n.longValue();
            if (v > 0 && v <= Integer.MAX_VALUE) {
                return (int) v;
            }
        }
        throw new InvalidOperationException("count must be a positive integer below 2^31, was " + n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextOperation other && components.equals(other.components);
    }

    @Override
    public int hashCode() {
        return components.hashCode();
    }

    @Override
    public String toString() {
        return toJson().toString();
    }

    /**
     * Builds a normalized operation: drops empty components, merges adjacent ones of one kind and trims the
     * trailing retain. Lengths are in code points.
     */
    public static final class Builder {
        private final List<Component> components = new ArrayList<>();
        private int baseLength;
        private int insertedLength;

        private Builder() {
        }

        public Builder retain(int count) {
            if (count < 0) {
                throw new InvalidOperationException("retain must not be negative, was " + count);
            }
            return count == 0 ? this : add(new Retain(count));
        }

        public Builder insert(String text) {
            return text.isEmpty() ? this : add(new Insert(text));
        }

        public Builder delete(int count) {
            if (count < 0) {
                throw new InvalidOperationException("delete must not be negative, was " + count);
            }
            return count == 0 ? this : add(new Delete(count));
        }

        /** Appends {@code c}, merging it into the last component when they are of one kind. */
        public Builder add(Component c) {
            try {
                return append(c);
            } catch (ArithmeticException e) {
                throw new InvalidOperationException("op spans more than 2^31-1 code points");
            }
        }

        private Builder append(Component c) {
            int last = components.size() - 1;
            Component merged = last < 0 ? null : merge(components.get(last), c);
            if (merged != null) {
                components.set(last, merged);
            } else {
                components.add(c);
            }
            if (c instanceof Insert) {
                insertedLength = Math.addExact(insertedLength, c.length());
            } else {
                baseLength = Math.addExact(baseLength, c.length());
            }
            return this;
        }

        private static Component merge(Component previous, Component next) {
            if (previous instanceof Retain a && next instanceof Retain b) {
                return new Retain(Math.addExact(a.count(), b.count()));
            }
            if (previous instanceof Delete a && next instanceof Delete b) {
                return new Delete(Math.addExact(a.count(), b.count()));
            }
            if (previous instanceof Insert a && next instanceof Insert b) {
                return new Insert(a.text() + b.text(), Math.addExact(a.length(), b.length()));
            }
            return null;
        }

        public TextOperation build() {
            int size = components.size();
            int base = baseLength;
            if (size > 0 && components.get(size - 1) instanceof Retain r) {
                size--;
                base -= r.count();
            }
            if (size == 0 && insertedLength == 0) {
                return NOOP;
            }
            List<Component> list = Collections.unmodifiableList(new ArrayList<>(components.subList(0, size)));
            return new TextOperation(list, base, insertedLength);
        }
    }
}
