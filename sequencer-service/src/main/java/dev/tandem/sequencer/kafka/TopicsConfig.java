package dev.tandem.sequencer.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the sequencer creates the topics ({@code tandem.topics.*}); shared with the other services' settings. */
@ConfigMapping(prefix = "tandem.topics")
public interface TopicsConfig {

    /**
     * Partitions of {@code tandem.edits}, {@code tandem.ops} and {@code tandem.presence}. Never change it on a
     * running system: documents would move between partitions and lose their order. The sequencer refuses to start
     * when an existing topic has another count.
     */
    @WithDefault("12")
    int partitions();

    /** Replicas of each topic: 1 for a single broker (development); 3 in production. */
    @WithDefault("1")
    short replicationFactor();
}
