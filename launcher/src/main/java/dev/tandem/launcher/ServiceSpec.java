package dev.tandem.launcher;

import java.util.List;
import java.util.Map;

/**
 * One process of a local run: how to start it and how to tell that it serves.
 *
 * @param name      unique in the run, e.g. {@code gateway-2}; the log is {@code logs/<name>.log}
 * @param kind      what it is
 * @param port      the port it serves on (HTTP for the services, the client port for Kafka and PostgreSQL)
 * @param command   the full command line
 * @param env       added to the launcher's environment
 * @param readiness how the supervisor decides that it serves
 */
public record ServiceSpec(String name, Kind kind, int port, List<String> command, Map<String, String> env,
                          Readiness readiness) {

    public enum Kind { KAFKA, POSTGRES, SEQUENCER, SNAPSHOT, GATEWAY }

    public ServiceSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }
}
