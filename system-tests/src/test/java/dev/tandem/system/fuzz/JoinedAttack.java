package dev.tandem.system.fuzz;

import java.util.Random;

/**
 * An attack made on a joined connection: each episode joins one of the honest clients' documents as a fresh
 * attacker (or, where {@link #edge()} says so, as a client whose valid edits may commit), runs {@link #attack},
 * and closes the connection.
 */
abstract class JoinedAttack implements AttackFamily {

    /** Whether this family's client sends valid edits on purpose (its clientId is then an edge one). */
    boolean edge() {
        return false;
    }

    abstract void attack(Random random, FuzzTarget target, HostileConnection connection) throws Exception;

    @Override
    public final void run(Random random, FuzzTarget target) throws Exception {
        String clientId = edge() ? target.edgeClientId() : target.hostileClientId();
        try (HostileConnection connection = target.joined(name(), target.anyDocument(random), clientId, random)) {
            if (connection != null) {
                attack(random, target, connection);
            }
        }
    }
}
