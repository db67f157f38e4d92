package dev.tandem.ot.sim;

import dev.tandem.ot.OtClient;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients editing at random over a network with random delays: once every message is delivered, every
 * client shows the server's text at the server's revision.
 */
class ConvergenceSimulatorProperties {

    @Property(tries = 300, seed = "20261121")
    void everyClientConvergesOnTheServersText(
            @ForAll long networkSeed,
            @ForAll @IntRange(min = 2, max = 8) int clients,
            @ForAll @IntRange(min = 1, max = 400) int steps) {
        Simulation sim = new Simulation("fn main() {\n}\n", clients, networkSeed);
        sim.runRandom(steps);
        sim.quiesce();
        assertConverged(sim, clients);
    }

    @Example
    void aLongSessionOfEightClientsConverges() {
        Simulation sim = new Simulation("", 8, 42);
        sim.runRandom(50_000);
        sim.quiesce();
        assertThat(sim.server().revision()).as("edits committed").isGreaterThan(1_000);
        assertConverged(sim, 8);
    }

    private static void assertConverged(Simulation sim, int clients) {
        String serverText = sim.server().document().toString();
        for (int i = 0; i < clients; i++) {
            assertThat(sim.text(i)).as("client %d of %d", i, clients).isEqualTo(serverText);
            assertThat(sim.client(i).revision()).isEqualTo(sim.server().revision());
            assertThat(sim.client(i).state()).isEqualTo(OtClient.State.SYNCHRONIZED);
        }
    }
}
