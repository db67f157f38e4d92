package dev.tandem.snapshot.api;

import dev.tandem.protocol.history.HistoryError;

/** A request the history API refuses; answered as a {@link HistoryError} with the code's HTTP status. */
public class HistoryException extends RuntimeException {
    private final HistoryError.Code code;

    public HistoryException(HistoryError.Code code, String message) {
        super(message);
        this.code = code;
    }

    public HistoryError.Code code() {
        return code;
    }

    public HistoryError toError() {
        return new HistoryError(code, getMessage());
    }
}
