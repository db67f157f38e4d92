package dev.tandem.sequencer.kafka;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness says what a user would see: DOWN, naming the partition, when a partition of {@code tandem.edits} this
 * instance owns has edits waiting and its committed offset has not moved for {@code tandem.sequencer.stall-timeout}
 * (its documents are not being acknowledged).
 */
@Readiness
@ApplicationScoped
public class ProgressHealthCheck implements HealthCheck {

    static final String NAME = "tandem-sequencer-progress";

    private final ProgressMonitor monitor;

    public ProgressHealthCheck(ProgressMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> stalled = monitor.stalled();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(stalled.isEmpty());
        if (!stalled.isEmpty()) {
            response.withData("reason", String.join("; ", stalled));
        }
        if (monitor.sampleFailure() != null) {
            response.withData("lastSampleFailure", monitor.sampleFailure());
        }
        return response.build();
    }
}
