package dev.tandem.ot;

/**
 * An immutable text, indexed by code point, stored as a balanced (AVL) tree of short string leaves. Editing
 * shares every untouched leaf with the original, so one keystroke in a 10 MB document costs O(log² n) time and
 * allocates a few nodes, never a copy of the text. Leaves never split a surrogate pair.
 */
public abstract sealed class Rope permits Rope.Leaf, Rope.Node {
    /** Longest leaf, in UTF-16 units; leaves are merged up to this size when small ones meet. */
    static final int MAX_LEAF = 1024;

    private static final Rope EMPTY = new Leaf("", 0);

    /** Length in code points. */
    private final int length;
    private final int height;

    private Rope(int length, int height) {
        this.length = length;
        this.height = height;
    }

    public static Rope empty() {
        return EMPTY;
    }

    /** A rope holding {@code text}, which must be well-formed UTF-16. */
    public static Rope of(String text) {
        CodePoints.checkedLength(text);
        return build(text, 0, text.length());
    }

    /** Balanced tree over {@code text[from, to)}; split points never fall inside a surrogate pair. */
    private static Rope build(String text, int from, int to) {
        if (to - from <= MAX_LEAF) {
            String s = text.substring(from, to);
            return s.isEmpty() ? EMPTY : new Leaf(s, CodePoints.length(s));
        }
        int mid = from + (to - from) / 2;
        if (Character.isLowSurrogate(text.charAt(mid))) {
            mid++;
        }
        return new Node(build(text, from, mid), build(text, mid, to));
    }

    /** Length in code points. */
    public final int length() {
        return length;
    }

    /** Length in UTF-16 units, as a browser editor counts. */
    public abstract int utf16Length();

    final int height() {
        return height;
    }

    /** The code points {@code [from, to)}. */
    public final String substring(int from, int to) {
        checkRange(from, to);
        StringBuilder sb = new StringBuilder();
        appendRange(sb, from, to);
        return sb.toString();
    }

    /** This text with {@code text} inserted at code point {@code position}. */
    public final Rope insert(int position, String text) {
        checkRange(position, position);
        if (text.isEmpty()) {
            return this;
        }
        Rope[] parts = split(position);
        return concat(concat(parts[0], of(text)), parts[1]);
    }

    /** This text without the code points {@code [from, from + count)}. */
    public final Rope delete(int from, int count) {
        checkRange(from, from + count);
        if (count == 0) {
            return this;
        }
        Rope[] head = split(from);
        return concat(head[0], head[1].split(count)[1]);
    }

    @Override
    public final String toString() {
        StringBuilder sb = new StringBuilder(utf16Length());
        appendRange(sb, 0, length);
        return sb.toString();
    }

    private void checkRange(int from, int to) {
        if (from < 0 || to < from || to > length) {
            throw new IndexOutOfBoundsException(
                    "range [" + from + ", " + to + ") is outside a text of " + length + " code points");
        }
    }

    abstract void appendRange(StringBuilder sb, int from, int to);

    /** Whether every node obeys the AVL rule (children's heights differ by at most one); for tests. */
    abstract boolean isBalanced();

    /** {@code [0, position)} and {@code [position, length)}. */
    abstract Rope[] split(int position);

    /** The text of {@code left} followed by {@code right}, balanced. */
    static Rope concat(Rope left, Rope right) {
        if (left.length == 0) {
            return right;
        }
        if (right.length == 0) {
            return left;
        }
        if (left instanceof Leaf a && right instanceof Leaf b && a.text.length() + b.text.length() <= MAX_LEAF) {
            return new Leaf(a.text + b.text, a.length() + b.length());
        }
        if (left.height > right.height + 1) {
            Node l = (Node) left;
            return balance(l.left, concat(l.right, right));
        }
        if (right.height > left.height + 1) {
            Node r = (Node) right;
            return balance(concat(left, r.left), r.right);
        }
        return new Node(left, right);
    }

    /** Joins two trees whose heights differ by at most two, rotating once or twice to restore the AVL rule. */
    private static Rope balance(Rope a, Rope b) {
        if (a.height > b.height + 1) {
            Node n = (Node) a;
            if (n.left.height >= n.right.height) {
                return new Node(n.left, new Node(n.right, b));
            }
            Node m = (Node) n.right;
            return new Node(new Node(n.left, m.left), new Node(m.right, b));
        }
        if (b.height > a.height + 1) {
            Node n = (Node) b;
            if (n.right.height >= n.left.height) {
                return new Node(new Node(a, n.left), n.right);
            }
            Node m = (Node) n.left;
            return new Node(new Node(a, m.left), new Node(m.right, n.right));
        }
        return new Node(a, b);
    }

    static final class Leaf extends Rope {
        private final String text;

        Leaf(String text, int length) {
            super(length, 0);
            this.text = text;
        }

        @Override
        public int utf16Length() {
            return text.length();
        }

        @Override
        void appendRange(StringBuilder sb, int from, int to) {
            if (from == 0 && to == length()) {
                sb.append(text);
            } else {
                int start = text.offsetByCodePoints(0, from);
                sb.append(text, start, text.offsetByCodePoints(start, to - from));
            }
        }

        @Override
        boolean isBalanced() {
            return true;
        }

        @Override
        Rope[] split(int position) {
            int at = text.offsetByCodePoints(0, position);
            return new Rope[] {
                new Leaf(text.substring(0, at), position),
                new Leaf(text.substring(at), length() - position)
            };
        }
    }

    static final class Node extends Rope {
        private final Rope left;
        private final Rope right;
        private final int utf16Length;

        Node(Rope left, Rope right) {
            super(left.length() + right.length(), Math.max(left.height(), right.height()) + 1);
            this.left = left;
            this.right = right;
            this.utf16Length = left.utf16Length() + right.utf16Length();
        }

        @Override
        public int utf16Length() {
            return utf16Length;
        }

        @Override
        void appendRange(StringBuilder sb, int from, int to) {
            int mid = left.length();
            if (from < mid) {
                left.appendRange(sb, from, Math.min(to, mid));
            }
            if (to > mid) {
                right.appendRange(sb, Math.max(from, mid) - mid, to - mid);
            }
        }

        @Override
        boolean isBalanced() {
            return Math.abs(left.height() - right.height()) <= 1 && left.isBalanced() && right.isBalanced();
        }

        @Override
        Rope[] split(int position) {
            int mid = left.length();
            if (position == mid) {
                return new Rope[] {left, right};
            }
            if (position < mid) {
                Rope[] parts = left.split(position);
                return new Rope[] {parts[0], concat(parts[1], right)};
            }
            Rope[] parts = right.split(position - mid);
            return new Rope[] {concat(left, parts[0]), parts[1]};
        }
    }
}
