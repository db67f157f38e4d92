package dev.tandem.ot;

/**
 * One step of a {@link TextOperation}, walking the document from its start. Lengths count Unicode code points,
 * never UTF-16 units, so no component can split a surrogate pair.
 */
public sealed interface Component permits Component.Retain, Component.Insert, Component.Delete {

    /** Code points this component covers: of the old document for retain and delete, of new text for insert. */
    int length();

    /** Keep the next {@code count} code points unchanged. */
    record Retain(int count) implements Component {
        public Retain {
            if (count <= 0) {
                throw new InvalidOperationException("retain must be positive, was " + count);
            }
        }

        @Override
        public int length() {
            return count;
        }
    }

    /** Insert {@code text} at the current position. */
    record Insert(String text, int length) implements Component {
        public Insert {
            if (text.isEmpty()) {
                throw new InvalidOperationException("insert must not be empty");
            }
            if (length != CodePoints.checkedLength(text)) {
                throw new IllegalArgumentException("length " + length + " does not match the text");
            }
        }

        /** An insert of {@code text}, which must be well-formed UTF-16 (no unpaired surrogate). */
        public Insert(String text) {
            this(text, CodePoints.length(text));
        }

        @Override
        public String toString() {
            return "Insert[" + text + "]";
        }
    }

    /** Delete the next {@code count} code points. */
    record Delete(int count) implements Component {
        public Delete {
            if (count <= 0) {
                throw new InvalidOperationException("delete must be positive, was " + count);
            }
        }

        @Override
        public int length() {
            return count;
        }
    }
}
