package dev.tandem.protocol.history;

/** The rules every page of revisions keeps: consecutive, and a {@code next} that continues where it stopped. */
final class Pages {
    private Pages() {
    }

    static void consecutive(String field, int index, int previous, int current) {
        if (current != previous + 1) {
            throw HistoryFields.fail(field + " must be consecutive revisions, but " + field + "[" + index
                    + "] is revision " + current + " after " + previous);
        }
    }

    /** {@code next}, when present, is the revision after the page's last one. */
    static void next(Integer next, Integer last) {
        if (next == null) {
            return;
        }
        if (last == null || next != last + 1) {
            throw HistoryFields.fail("next must be the revision after the last one on the page ("
                    + (last == null ? "none" : String.valueOf(last + 1)) + "), was " + next);
        }
    }
}
