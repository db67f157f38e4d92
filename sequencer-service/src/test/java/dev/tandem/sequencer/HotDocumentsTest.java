package dev.tandem.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class HotDocumentsTest {

    private static final SequencerLimits LIMITS = SequencerLimits.DEFAULTS;

    private static List<String> ids(List<HotDocuments.Hot> evicted) {
        return evicted.stream().map(hot -> hot.sequencer().docId()).toList();
    }

    @Test
    void trimEvictsTheLeastRecentlyUsedBeyondTheCapacityAndReturnsThem() {
        HotDocuments hot = new HotDocuments(2);
        hot.put(0, new DocumentSequencer("a", LIMITS));
        hot.put(0, new DocumentSequencer("b", LIMITS));
        hot.get("a");
        hot.put(1, new DocumentSequencer("c", LIMITS));
        assertThat(hot.size()).as("a batch's documents hold uncommitted state: none evicted yet").isEqualTo(3);

        List<HotDocuments.Hot> evicted = hot.trim();

        assertThat(ids(evicted)).containsExactly("b");
        assertThat(evicted.get(0).partition()).isZero();
        assertThat(hot.get("b")).isNull();
        assertThat(hot.get("a")).isNotNull();
        assertThat(hot.trim()).isEmpty();
    }

    @Test
    void documentsOfAPartitionAreListedLeastRecentlyUsedFirstAndDroppedTogether() {
        HotDocuments hot = new HotDocuments(10);
        hot.put(3, new DocumentSequencer("a", LIMITS));
        hot.put(4, new DocumentSequencer("b", LIMITS));
        hot.put(3, new DocumentSequencer("c", LIMITS));
        hot.get("a");

        assertThat(hot.of(3)).extracting(DocumentSequencer::docId).containsExactly("c", "a");

        hot.dropPartition(3);

        assertThat(hot.of(3)).isEmpty();
        assertThat(hot.get("b")).isNotNull();
        assertThat(hot.size()).isEqualTo(1);
    }
}
