package dev.tandem.gateway.observe;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import dev.tandem.gateway.kafka.OpsConsumer;
import dev.tandem.gateway.kafka.PresenceConsumer;

/** Ready once both consumers are positioned and tandem.ops has been read up to where it was at startup. */
@ApplicationScoped
public class GatewayHealth {

    private final OpsConsumer ops;
    private final PresenceConsumer presence;

    public GatewayHealth(OpsConsumer ops, PresenceConsumer presence) {
        this.ops = ops;
        this.presence = presence;
    }

    @Readiness
    HealthCheck ready() {
        return () -> HealthCheckResponse.named("tandem-gateway-consumers")
                .status(ops.hub() != null && ops.caughtUpInitially() && presence.started())
                .withData("opsCaughtUp", ops.caughtUpInitially())
                .withData("presenceStarted", presence.started())
                .build();
    }

    @Liveness
    HealthCheck live() {
        return () -> HealthCheckResponse.named("tandem-gateway-consumer-threads")
                .status(ops.alive() && presence.alive())
                .build();
    }
}
