package dev.tandem.launcher;

/**
 * The ports of a local run. The defaults (offset 0): gateway 8080 (gateway i &gt; 1: 8090 + i), sequencer 8081
 * (sequencer i &gt; 1: 8100 + i), snapshot service 8082, Kafka 9092 and its controller 9093, an embedded PostgreSQL
 * 5433. {@code --base-port B} moves every one of them by {@code B - 8080}, so two runs (or a test beside a developer's
 * run) never collide. Counts are 1 to 9, so the ranges never overlap.
 */
public record Ports(int offset) {

    public static final int DEFAULT_BASE = 8080;
    public static final int MAX_INSTANCES = 9;

    public static Ports fromBase(int basePort) {
        int offset = basePort - DEFAULT_BASE;
        if (basePort < 1024 || basePort + 1100 > 65535) {
            throw new IllegalArgumentException("the base port must be between 1024 and 64435, not " + basePort);
        }
        return new Ports(offset);
    }

    public int gateway(int i) {
        return offset + (i == 1 ? 8080 : 8090 + i);
    }

    public int sequencer(int i) {
        return offset + (i == 1 ? 8081 : 8100 + i);
    }

    public int snapshot() {
        return offset + 8082;
    }

    public int kafka() {
        return offset + 9092;
    }

    public int kafkaController() {
        return offset + 9093;
    }

    public int embeddedPostgres() {
        return offset + 5433;
    }
}
