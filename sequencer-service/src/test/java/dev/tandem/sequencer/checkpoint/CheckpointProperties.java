package dev.tandem.sequencer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ChatMessage;
import dev.tandem.protocol.Edit;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.LanguageChange;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.TextEdit;
import dev.tandem.sequencer.DocumentCheckpoint;
import dev.tandem.sequencer.DocumentSequencer;
import dev.tandem.sequencer.SequencerLimits;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A sequencer restored from a checkpoint (through its record encoding) decides every later submit exactly as the
 * sequencer it was taken from: commits, duplicates and refusals alike, including resends, reused clientSeqs,
 * stale and future bases, and clients the ledger has forgotten (small window and ledger, so both run out).
 */
class CheckpointProperties {

    private static final Instant NOW = Instant.parse("2025-01-15T09:30:00Z");
    private static final String[] INSERTS = {"a", "xy", "🌍", "é", "\n", "\u0000", "z🌍z"};
    private static final SequencerLimits LIMITS = new SequencerLimits(6, 3, 1000);
    private static final CheckpointCodec CODEC = new CheckpointCodec(1 << 20);

    /** Random submits of six clients on one document, made on recent revisions. */
    private static final class Submits {
        final Random random;
        final List<Integer> lengths = new ArrayList<>(List.of(0));
        final Map<String, Long> seqs = new HashMap<>();
        final List<EditSubmitted> sent = new ArrayList<>();

        Submits(long seed) {
            random = new Random(seed);
        }

        EditSubmitted next(int head) {
            if (!sent.isEmpty() && random.nextInt(6) == 0) {
                EditSubmitted earlier = sent.get(random.nextInt(sent.size()));
                return random.nextBoolean() ? earlier // a resend, as sent
                        : new EditSubmitted("doc", earlier.clientId(), earlier.clientSeq(), head, edit(head), NOW,
                        "Name"); // the clientSeq reused with another edit
            }
            String client = "c" + random.nextInt(6);
            long seq = seqs.merge(client, 1L + random.nextInt(2), Long::sum);
            int base = Math.max(0, head - random.nextInt(10)) + (random.nextInt(20) == 0 ? 1 : 0);
            EditSubmitted submit = new EditSubmitted("doc", client, seq, base, edit(Math.min(base, head)), NOW,
                    "Name");
            sent.add(submit);
            return submit;
        }

        private Edit edit(int base) {
            int kind = random.nextInt(12);
            if (kind == 0) {
                return new LanguageChange(random.nextBoolean() ? "java" : "python");
            }
            if (kind == 1) {
                return new ChatMessage("hi " + random.nextInt(100));
            }
            int length = lengths.get(base);
            int position = random.nextInt(length + 1);
            if (length > position && random.nextBoolean()) {
                return new TextEdit(TextOperation.delete(position, 1 + random.nextInt(length - position)));
            }
            return new TextEdit(TextOperation.insert(position, INSERTS[random.nextInt(INSERTS.length)]));
        }

        void decided(SequencedEvent event, DocumentSequencer doc) {
            if (event instanceof OpCommitted) {
                lengths.add(doc.length());
            }
        }
    }

    @Property(tries = 300, seed = "20261202")
    void aRestoredSequencerDecidesAsTheOneItWasTakenFrom(@ForAll long seed,
                                                         @ForAll @IntRange(min = 0, max = 60) int before,
                                                         @ForAll @IntRange(min = 1, max = 60) int after) {
        Submits submits = new Submits(seed);
        DocumentSequencer original = new DocumentSequencer("doc", LIMITS);
        for (int i = 0; i < before; i++) {
            submits.decided(original.submit(submits.next(original.head()), NOW), original);
        }

        DocumentCheckpoint checkpoint = CheckpointCodec.decode(CODEC.encode(original.checkpoint()));
        assertThat(checkpoint).isEqualTo(original.checkpoint());
        DocumentSequencer restored = DocumentSequencer.restore(checkpoint, LIMITS);

        for (int i = 0; i < after; i++) {
            EditSubmitted submit = submits.next(original.head());
            SequencedEvent expected = original.submit(submit, NOW);
            assertThat(restored.submit(submit, NOW)).as("submit %d after the checkpoint: %s", i, submit)
                    .isEqualTo(expected);
            submits.decided(expected, original);
        }
        assertThat(restored.checkpoint()).isEqualTo(original.checkpoint());
    }
}
