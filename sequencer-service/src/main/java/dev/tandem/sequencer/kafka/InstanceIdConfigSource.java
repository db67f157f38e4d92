package dev.tandem.sequencer.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The default of {@code tandem.sequencer.instance-id}: this host's name, made a valid Kafka id. Its ordinal is
 * below every other source, so any configured value wins. (A {@code @WithDefault} cannot compute a host name.)
 */
public final class InstanceIdConfigSource implements ConfigSource {

    static final String KEY = "tandem.sequencer.instance-id";

    private final Map<String, String> properties = Map.of(KEY, hostName());

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "tandem-sequencer-host-name";
    }

    @Override
    public int getOrdinal() {
        return 10;
    }

    private static String hostName() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "sequencer";
            }
        }
        return name.replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
