package dev.tandem.snapshot.projection;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeadCacheTest {

    @Test
    void theLeastRecentlyUsedHeadIsEvictedPastCapacity() {
        HeadCache cache = new HeadCache(2);
        cache.put(DocumentHead.empty("a"));
        cache.put(DocumentHead.empty("b"));
        cache.get("a");
        cache.put(DocumentHead.empty("c"));

        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("a")).isPresent();
        assertThat(cache.get("c")).isPresent();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aCacheOfCapacityZeroHoldsNothing() {
        HeadCache cache = new HeadCache(0);
        cache.put(DocumentHead.empty("a"));
        assertThat(cache.get("a")).isEmpty();
    }

    @Test
    void removedHeadsAreGone() {
        HeadCache cache = new HeadCache(5);
        cache.put(DocumentHead.empty("a"));
        cache.put(DocumentHead.empty("b"));
        cache.removeAll(List.of("a", "z"));
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.get("b")).isPresent();
    }
}
