package dev.tandem.sequencer.kafka;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness says what a user would see: DOWN while a worker has not joined the consumer group, is rebuilding the
 * state of partitions that moved to it, or has stopped; and DOWN, naming the partition, when a partition of
 * {@code tandem.edits} this instance owns has edits waiting and its committed offset has not moved for
 * {@code tandem.sequencer.stall-timeout} (its documents are not being acknowledged).
 */
@Readiness
@ApplicationScoped
public class ProgressHealthCheck implements HealthCheck {

    static final String NAME = "tandem-sequencer-progress";

    private final ProgressMonitor monitor;
    private final SequencingWorkers workers;

    public ProgressHealthCheck(ProgressMonitor monitor, SequencingWorkers workers) {
        this.monitor = monitor;
        this.workers = workers;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> stalled = new ArrayList<>(workers.troubles());
        stalled.addAll(monitor.stalled());
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
