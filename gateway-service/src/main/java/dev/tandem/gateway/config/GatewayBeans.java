package dev.tandem.gateway.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.tandem.gateway.ids.ReadOnlyIds;
import dev.tandem.gateway.origin.OriginPolicy;
import dev.tandem.gateway.presence.PresenceTable;

/** The pure parts of the gateway, as beans. */
public class GatewayBeans {

    @Produces
    @Singleton
    PresenceTable presenceTable() {
        return new PresenceTable();
    }

    @Produces
    @Singleton
    ReadOnlyIds readOnlyIds(GatewayConfig config) {
        return new ReadOnlyIds(config.readOnly().key());
    }

    @Produces
    @Singleton
    OriginPolicy originPolicy(GatewayConfig config) {
        return new OriginPolicy(config.origins().allowed());
    }
}
