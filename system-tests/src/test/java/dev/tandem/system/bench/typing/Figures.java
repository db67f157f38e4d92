package dev.tandem.system.bench.typing;

import java.util.Locale;

/** How the report writes numbers. */
final class Figures {
    private Figures() {
    }

    /** Three significant digits, at most two decimals: 0.78, 12.0, 435, 6813. */
    static String ms(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double abs = Math.abs(value);
        String pattern = abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }

    /** One decimal. */
    static String one(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f", value);
    }
}
