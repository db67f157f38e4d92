package dev.tandem.snapshot.health;

import dev.tandem.snapshot.ingest.LogIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN until the database is known to be the projection of this log (see {@link LogIdentity}). */
@Readiness
@ApplicationScoped
public class LogIdentityHealthCheck implements HealthCheck {

    private final LogIdentity identity;

    public LogIdentityHealthCheck(LogIdentity identity) {
        this.identity = identity;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("log identity").status(identity.verified()).build();
    }
}
