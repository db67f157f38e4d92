package dev.tandem.launcher;

import java.time.Duration;

/** Durations as people read them: {@code 850 ms}, {@code 12 s}, {@code 4 min 05 s}, {@code 2 h 07 min}. */
final class Uptime {

    private Uptime() {
    }

    static String format(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format("%d min %02d s", s / 60, s % 60);
        }
        return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
