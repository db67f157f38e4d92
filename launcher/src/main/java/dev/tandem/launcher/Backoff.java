package dev.tandem.launcher;

import java.time.Duration;

/**
 * The restart delay of one supervised process: 1 s after an exit that followed a long run (a crash in steady
 * state), doubling with each quick exit in a row up to 30 s (a process that cannot start must not spin), and a
 * process that fails to become ready {@link #GIVE_UP_AFTER} times in a row is given up on: nothing retries for ever.
 */
public final class Backoff {

    public static final Duration FIRST = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofSeconds(30);
    /** A run at least this long counts as healthy: the next exit starts the sequence again from {@link #FIRST}. */
    public static final Duration STABLE = Duration.ofSeconds(60);
    public static final int GIVE_UP_AFTER = 5;

    private final Duration first;
    private final Duration max;
    private final Duration stable;
    private int quickExits;
    private int failedStarts;

    public Backoff() {
        this(FIRST, MAX, STABLE);
    }

    public Backoff(Duration first, Duration max, Duration stable) {
        this.first = first;
        this.max = max;
        this.stable = stable;
    }

    /** The delay before the restart that follows an exit after {@code uptime}. */
    public synchronized Duration delayAfter(Duration uptime, boolean becameReady) {
        if (becameReady) {
            failedStarts = 0;
        } else {
            failedStarts++;
        }
        quickExits = uptime.compareTo(stable) >= 0 ? 0 : quickExits + 1;
        Duration delay = first;
        for (int i = 1; i < quickExits && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** Whether the process exited {@link #GIVE_UP_AFTER} times in a row without ever becoming ready. */
    public synchronized boolean givenUp() {
        return failedStarts >= GIVE_UP_AFTER;
    }

    /** A manual restart (or a start after giving up) begins a new sequence. */
    public synchronized void reset() {
        quickExits = 0;
        failedStarts = 0;
    }
}
