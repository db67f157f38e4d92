package dev.tandem.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.tandem.ot.OtServer;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.TextEdit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Decision rule 1 (docs/protocol.md, section 10): a resend that is the committed edit, rebased by its client onto
 * any revision before the one it was committed at, is a duplicate; a submit that reuses the clientSeq with another
 * edit, or based on a revision that already contains it, is refused with CLIENT_SEQ_REUSED.
 */
class ResendProperties {

    private static final Instant NOW = Instant.parse("2025-01-15T09:30:00Z");
    private static final String[] INSERTS = {"a", "xy", "🌍", "é", "\n", "z🌍z"};

    /** A document where client "c" made one edit on revision {@code base}, committed at {@link #revision}. */
    private static final class Scenario {
        final DocumentSequencer doc = new DocumentSequencer("doc", SequencerLimits.DEFAULTS);
        final List<Integer> lengths = new ArrayList<>(List.of(0));
        final List<TextOperation> committedOps = new ArrayList<>(List.of(TextOperation.noop()));
        final Random random;
        TextOperation made;
        int base;
        int revision;

        Scenario(long seed, int before, int concurrent, int after) {
            random = new Random(seed);
            long seq = 1;
            for (int i = 0; i < before; i++) {
                commit("other", seq++, doc.head(), randomOp(lengths.get(doc.head())));
            }
            base = doc.head();
            made = randomOp(lengths.get(base));
            for (int i = 0; i < concurrent; i++) {
                commit("other", seq++, doc.head(), randomOp(lengths.get(doc.head())));
            }
            revision = commit("c", 1, base, made).revision();
            for (int i = 0; i < after; i++) {
                commit("other", seq++, doc.head(), randomOp(lengths.get(doc.head())));
            }
        }

        OpCommitted commit(String client, long seq, int on, TextOperation op) {
            SequencedEvent event = doc.submit(submit(client, seq, on, op), NOW);
            assertThat(event).isInstanceOf(OpCommitted.class);
            OpCommitted committed = (OpCommitted) event;
            committedOps.add(committed.edit().operation());
            lengths.add(doc.length());
            return committed;
        }

        /** {@link #made} as its client rebases it over the ops it received up to {@code onto}. */
        TextOperation rebasedOnto(int onto) {
            return OtServer.transformAgainst(made, committedOps.subList(base + 1, onto + 1));
        }

        TextOperation randomOp(int length) {
            int position = random.nextInt(length + 1);
            if (length > position && random.nextBoolean()) {
                return TextOperation.delete(position, 1 + random.nextInt(length - position));
            }
            return TextOperation.insert(position, INSERTS[random.nextInt(INSERTS.length)]);
        }
    }

    @Property(tries = 300, seed = "90210")
    void aRebasedLegitimateResendIsAlwaysADuplicate(@ForAll long seed,
                                                    @ForAll @IntRange(min = 0, max = 5) int before,
                                                    @ForAll @IntRange(min = 0, max = 8) int concurrent,
                                                    @ForAll @IntRange(min = 0, max = 5) int after) {
        Scenario scenario = new Scenario(seed, before, concurrent, after);
        int onto = scenario.base + scenario.random.nextInt(scenario.revision - scenario.base);
        int head = scenario.doc.head();

        SequencedEvent answer = scenario.doc.submit(submit("c", 1, onto, scenario.rebasedOnto(onto)), NOW);

        assertThat(answer).isEqualTo(new EditDuplicate("doc", "c", 1, scenario.revision));
        assertThat(scenario.doc.head()).isEqualTo(head);
    }

    @Property(tries = 300, seed = "90211")
    void aDifferentEditWithTheSameClientSeqIsAlwaysRefused(@ForAll long seed,
                                                           @ForAll @IntRange(min = 0, max = 5) int before,
                                                           @ForAll @IntRange(min = 0, max = 8) int concurrent,
                                                           @ForAll @IntRange(min = 0, max = 5) int after) {
        Scenario scenario = new Scenario(seed, before, concurrent, after);
        int onto = scenario.base + scenario.random.nextInt(scenario.revision - scenario.base);
        TextOperation rebased = scenario.rebasedOnto(onto);
        // transforming keeps every inserted character: another amount of inserted text is another edit
        TextOperation other = scenario.randomOp(scenario.lengths.get(onto));
        if (other.insertedLength() == rebased.insertedLength()) {
            other = TextOperation.insert(0, "q".repeat(rebased.insertedLength() + 1));
        }
        int head = scenario.doc.head();

        SequencedEvent answer = scenario.doc.submit(submit("c", 1, onto, other), NOW);

        assertReused(answer, "clientSeq 1 of c was committed at revision " + scenario.revision
                + " with a different edit");
        assertThat(scenario.doc.head()).isEqualTo(head);
    }

    @Property(tries = 200, seed = "90212")
    void aResendBasedOnARevisionThatContainsItIsRefused(@ForAll long seed,
                                                        @ForAll @IntRange(min = 0, max = 5) int before,
                                                        @ForAll @IntRange(min = 0, max = 5) int concurrent,
                                                        @ForAll @IntRange(min = 0, max = 5) int after) {
        Scenario scenario = new Scenario(seed, before, concurrent, after);
        int onto = scenario.revision + scenario.random.nextInt(scenario.doc.head() - scenario.revision + 1);

        SequencedEvent answer = scenario.doc.submit(submit("c", 1, onto,
                scenario.randomOp(scenario.lengths.get(onto))), NOW);

        assertReused(answer, "which already contains it");
    }

    private static void assertReused(SequencedEvent answer, String reason) {
        assertThat(answer).isInstanceOfSatisfying(EditRejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo(ErrorCode.CLIENT_SEQ_REUSED);
            assertThat(rejected.message()).contains(reason);
        });
    }

    private static EditSubmitted submit(String client, long seq, int base, TextOperation op) {
        return new EditSubmitted("doc", client, seq, base, new TextEdit(op), NOW, "Name");
    }
}
