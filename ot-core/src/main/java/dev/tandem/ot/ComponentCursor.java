package dev.tandem.ot;

import dev.tandem.ot.Component.Delete;
import dev.tandem.ot.Component.Insert;
import dev.tandem.ot.Component.Retain;

import java.util.List;

/**
 * Walks an operation's components, handing out pieces of at most a requested length (ot-text-unicode's
 * {@code makeTake}). Past the last component it hands out retains, the operation's implicit tail.
 */
final class ComponentCursor {
    private final List<Component> components;
    private int index;
    /** Code points of the current component already handed out. */
    private int offset;

    ComponentCursor(TextOperation op) {
        this.components = op.components();
    }

    /** The current component, or {@code null} when the explicit components are used up. */
    Component peek() {
        return index < components.size() ? components.get(index) : null;
    }

    boolean hasNext() {
        return index < components.size();
    }

    /**
     * The next piece, at most {@code max} code points long. A component of the kind named {@code indivisible}
     * (an {@code Insert.class} or {@code Delete.class}) is handed out whole whatever its length.
     */
    Component take(int max, Class<? extends Component> indivisible) {
        if (index == components.size()) {
            return new Retain(max);
        }
        Component c = components.get(index);
        int remaining = c.length() - offset;
        if (remaining <= max || c.getClass() == indivisible) {
            Component piece = offset == 0 ? c : slice(c, offset, c.length());
            index++;
            offset = 0;
            return piece;
        }
        Component piece = slice(c, offset, offset + max);
        offset += max;
        return piece;
    }

    /** The rest of the current component, or {@code null} when none is left. */
    Component takeRest() {
        if (index == components.size()) {
            return null;
        }
        Component c = components.get(index);
        Component piece = offset == 0 ? c : slice(c, offset, c.length());
        index++;
        offset = 0;
        return piece;
    }

    private static Component slice(Component c, int from, int to) {
        if (c instanceof Insert i) {
            return new Insert(CodePoints.substring(i.text(), from, to), to - from);
        }
        return c instanceof Retain ? new Retain(to - from) : new Delete(to - from);
    }
}
