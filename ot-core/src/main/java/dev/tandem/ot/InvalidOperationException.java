package dev.tandem.ot;

/**
 * An operation that is malformed, or that does not fit the document it is applied to. The message says why, in
 * words a client developer can act on; nothing has been changed when it is thrown.
 */
public class InvalidOperationException extends IllegalArgumentException {
    public InvalidOperationException(String message) {
        super(message);
    }
}
