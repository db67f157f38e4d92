package dev.tandem.ot;

import dev.tandem.ot.Component.Delete;
import dev.tandem.ot.Component.Insert;
import dev.tandem.ot.Component.Retain;

/**
 * The OT functions for plain text, with ot-text-unicode's semantics, so a JavaScript client using that library
 * (or our TypeScript port of it) computes exactly what the server computes. All positions are code points.
 *
 * <p>The guarantees, for operations {@code a} and {@code b} made concurrently on one document {@code s}:
 * <ul>
 *   <li>{@code apply(apply(s, a), transform(b, a, LEFT)) == apply(apply(s, b), transform(a, b, RIGHT))}
 *       (convergence, TP1);</li>
 *   <li>{@code apply(s, compose(a, c)) == apply(apply(s, a), c)} for {@code c} made after {@code a};</li>
 *   <li>{@code apply(apply(s, a), invert(a, s)) == s}.</li>
 * </ul>
 * Compose is not closed under transform (ot-text-unicode's NOTES.md): transform against each of a list of
 * operations in turn, never against their composition, when the result must match a peer's.
 */
public final class Ot {
    private Ot() {
    }

    /** {@code document} edited by {@code op}. */
    public static String apply(String document, TextOperation op) {
        int docLength = CodePoints.length(document);
        checkFits(op, docLength);
        StringBuilder out = new StringBuilder(document.length() + op.insertedLength() * 2);
        int at = 0; // UTF-16 index into document
        for (Component c : op.components()) {
            if (c instanceof Insert i) {
                out.append(i.text());
            } else {
                int end = document.offsetByCodePoints(at, c.length());
                if (c instanceof Retain) {
                    out.append(document, at, end);
                }
                at = end;
            }
        }
        return out.append(document, at, document.length()).toString();
    }

    /** {@code document} edited by {@code op}; shares all untouched text with {@code document}. */
    public static Rope apply(Rope document, TextOperation op) {
        checkFits(op, document.length());
        Rope result = document;
        int position = 0; // code point position in result
        for (Component c : op.components()) {
            if (c instanceof Retain r) {
                position += r.count();
            } else if (c instanceof Insert i) {
                result = result.insert(position, i.text());
                position += i.length();
            } else {
                result = result.delete(position, c.length());
            }
        }
        return result;
    }

    /** Refuses an operation that reaches past the end of a document of {@code documentLength} code points. */
    public static void checkFits(TextOperation op, int documentLength) {
        if (op.baseLength() > documentLength) {
            throw new InvalidOperationException("op retains or deletes " + op.baseLength()
                    + " code points but the document has only " + documentLength);
        }
    }

    /** One operation with the effect of {@code a} followed by {@code b}. */
    public static TextOperation compose(TextOperation a, TextOperation b) {
        TextOperation.Builder result = TextOperation.builder();
        ComponentCursor first = new ComponentCursor(a);
        for (Component c : b.components()) {
            if (c instanceof Insert) {
                result.add(c);
                continue;
            }
            boolean deleting = c instanceof Delete;
            int length = c.length();
            while (length > 0) {
                // a's deletes are output as they are; they cover none of the text b walks over
                Component chunk = first.take(length, Delete.class);
                if (chunk instanceof Delete) {
                    result.add(chunk);
                } else if (!deleting) {
                    result.add(chunk);
                    length -= chunk.length();
                } else {
                    if (chunk instanceof Retain) {
                        result.delete(chunk.length());
                    }
                    // b deleting text that a inserted: the two cancel out
                    length -= chunk.length();
                }
            }
        }
        for (Component rest = first.takeRest(); rest != null; rest = first.takeRest()) {
            result.add(rest);
        }
        return result.build();
    }

    /**
     * {@code op} rewritten to apply after {@code other}, where both were made on the same document. When both
     * insert at one position, the insert of the operation on the {@link Side#LEFT} side goes first.
     */
    public static TextOperation transform(TextOperation op, TextOperation other, Side side) {
        TextOperation.Builder result = TextOperation.builder();
        ComponentCursor mine = new ComponentCursor(op);
        for (Component c : other.components()) {
            if (c instanceof Insert inserted) {
                if (side == Side.LEFT && mine.peek() instanceof Insert) {
                    result.add(mine.takeRest());
                }
                result.retain(inserted.length());
                continue;
            }
            boolean otherDeletes = c instanceof Delete;
            int length = c.length();
            while (length > 0) {
                Component chunk = mine.take(length, Insert.class);
                if (chunk instanceof Insert) {
                    result.add(chunk);
                    continue;
                }
                length -= chunk.length();
                // text the other op deleted: my retain or delete of it has nothing left to act on
                if (!otherDeletes) {
                    result.add(chunk);
                }
            }
        }
        for (Component rest = mine.takeRest(); rest != null; rest = mine.takeRest()) {
            result.add(rest);
        }
        return result.build();
    }

    /** The operation that undoes {@code op}, which was applied to {@code documentBefore}. */
    public static TextOperation invert(TextOperation op, Rope documentBefore) {
        checkFits(op, documentBefore.length());
        TextOperation.Builder result = TextOperation.builder();
        int position = 0;
        for (Component c : op.components()) {
            if (c instanceof Retain r) {
                result.retain(r.count());
                position += r.count();
            } else if (c instanceof Insert i) {
                result.delete(i.length());
            } else {
                result.insert(documentBefore.substring(position, position + c.length()));
                position += c.length();
            }
        }
        return result.build();
    }

    /** The operation that undoes {@code op}, which was applied to {@code documentBefore}. */
    public static TextOperation invert(TextOperation op, String documentBefore) {
        return invert(op, Rope.of(documentBefore));
    }

    /**
     * Where a cursor at {@code position} ends up once {@code op} is applied. A cursor inside deleted text moves
     * to where the deletion was. Text inserted exactly at the cursor goes after it when the operation is the
     * cursor owner's own ({@code ownOp}: the cursor follows what its owner types) and before it otherwise, so
     * the result is where {@code transform(insert(position, "x"), op, ownOp ? RIGHT : LEFT)} inserts.
     */
    public static int transformPosition(int position, TextOperation op, boolean ownOp) {
        int oldPosition = 0; // position in the document before op
        int result = position;
        for (Component c : op.components()) {
            if (oldPosition > position) {
                break;
            }
            if (c instanceof Retain r) {
                oldPosition += r.count();
            } else if (c instanceof Insert i) {
                if (oldPosition == position && !ownOp) {
                    break;
                }
                result += i.length();
            } else {
                if (oldPosition < position) {
                    result -= Math.min(c.length(), position - oldPosition);
                }
                oldPosition += c.length();
            }
        }
        return result;
    }
}
