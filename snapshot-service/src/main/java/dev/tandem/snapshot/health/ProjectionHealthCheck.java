package dev.tandem.snapshot.health;

import dev.tandem.snapshot.ingest.StalledDocuments;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;

/**
 * DOWN while any document's projection has stopped at a gap or an op that does not apply: the service would
 * serve that document's history frozen, and an operator has to act (README, Stalled documents). The database
 * and Kafka checks come from their extensions.
 */
@Readiness
@ApplicationScoped
public class ProjectionHealthCheck implements HealthCheck {
    /** Enough to start an investigation without making the health answer unbounded. */
    private static final int LISTED = 10;

    private final StalledDocuments stalled;

    public ProjectionHealthCheck(StalledDocuments stalled) {
        this.stalled = stalled;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> reasons = stalled.reasons();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("snapshot projection")
                .status(reasons.isEmpty())
                .withData("stalledDocuments", reasons.size());
        reasons.entrySet().stream().limit(LISTED).forEach(e -> response.withData(e.getKey(), e.getValue()));
        return response.build();
    }
}
