package dev.tandem.system.bench.typing;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one run records, shared by every typist of it (all in this JVM, so one {@link System#nanoTime()} clock).
 * Only keystrokes typed inside the measured window are timed; counts of acks and receipts go by when they arrived.
 */
final class TypingMeasurement {
    private volatile long windowStart = Long.MAX_VALUE; // nothing is in the window before it is set
    private volatile long windowEnd = Long.MAX_VALUE;

    /** Keystroke typed → the ack of the op that carried it (per keystroke). */
    final Histogram ack = histogram();
    /** Keystroke typed → that op applied at each other client of the document (per keystroke × receiver). */
    final Histogram fanout = histogram();
    /** Op sent → its ack (per wire op): without the wait behind the client's one op in flight. */
    final Histogram ackWire = histogram();
    /** Op sent → applied at each other client (per wire op × receiver). */
    final Histogram fanoutWire = histogram();
    /** How late the generator's timer typed a keystroke, against its schedule. */
    final Histogram timerLag = histogram();

    final LongAdder typed = new LongAdder();
    final LongAdder typedInWindow = new LongAdder();
    final LongAdder ackedInWindow = new LongAdder();
    final LongAdder wireOpsInWindow = new LongAdder();
    final LongAdder keystrokesInWireOpsInWindow = new LongAdder();
    final LongAdder fanoutReceiptsInWindow = new LongAdder();
    /** A committed op no typist of the document sent (or already seen by all): not timed. */
    final LongAdder unknownOps = new LongAdder();
    /** A submit with no keystroke waiting to go in it: the composing bookkeeping is wrong. */
    final LongAdder sendUnmatched = new LongAdder();

    /** Sets the measured window, once the typists are connected and about to type. */
    void window(long start, long end) {
        windowEnd = end;
        windowStart = start;
    }

    long windowEnd() {
        return windowEnd;
    }

    boolean inWindow(long nanos) {
        return nanos >= windowStart && nanos < windowEnd;
    }

    static void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.max(1, Math.round(nanos / 1000.0)));
    }

    private static Histogram histogram() {
        return new ConcurrentHistogram(3); // auto-resizing, µs
    }
}
