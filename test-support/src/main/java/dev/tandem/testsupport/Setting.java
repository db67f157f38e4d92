package dev.tandem.testsupport;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One externally supplied setting and where it came from, so the choice of infrastructure can say why it
 * was made ("KAFKA_BOOTSTRAP_SERVERS is set").
 *
 * @param name  the environment variable or system property that supplied it
 * @param value its non-blank value
 */
record Setting(String name, String value) {

    /**
     * Looks a setting up as a system property first (the narrower scope: one JVM, one test run), then as an
     * environment variable. Blank values count as unset.
     */
    static Optional<Setting> lookup(String environmentVariable, String systemProperty) {
        return lookup(environmentVariable, systemProperty, System::getenv, System::getProperty);
    }

    /** The same lookup against given sources, for tests of the selection. */
    static Optional<Setting> lookup(String environmentVariable, String systemProperty,
                                    UnaryOperator<String> environment, UnaryOperator<String> properties) {
        String property = properties.apply(systemProperty);
        if (property != null && !property.isBlank()) {
            return Optional.of(new Setting("system property " + systemProperty, property.trim()));
        }
        String variable = environment.apply(environmentVariable);
        if (variable != null && !variable.isBlank()) {
            return Optional.of(new Setting(environmentVariable, variable.trim()));
        }
        return Optional.empty();
    }
}
