package dev.tandem.system.fuzz;

import java.util.Random;

/**
 * One kind of hostile input. An episode opens what it needs (a connection, a few, an HTTP request), sends its
 * frames, checks each answer into the target's {@link Tally}, and closes what it opened. Everything it sends is
 * drawn from {@code random}, so a seed replays the same frames.
 */
interface AttackFamily {

    /** How the family is named in the report. */
    String name();

    void run(Random random, FuzzTarget target) throws Exception;
}
