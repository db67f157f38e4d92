package dev.tandem.ot;

/**
 * Tie rule for {@link Ot#transform}: when both operations insert at the same position, the insert of the operation
 * transformed with {@code LEFT} ends up first. The two sides of one concurrent pair must always be opposite.
 */
public enum Side {
    LEFT,
    RIGHT;

    public Side opposite() {
        return this == LEFT ? RIGHT : LEFT;
    }
}
