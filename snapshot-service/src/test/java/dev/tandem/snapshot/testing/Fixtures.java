package dev.tandem.snapshot.testing;

import dev.tandem.protocol.Topics;
import dev.tandem.testsupport.TestKafka;

import java.util.UUID;

/** What the {@code @QuarkusTest}s of this module share: one topic, one publisher, unique document ids. */
public final class Fixtures {
    private static OpsPublisher publisher;

    private Fixtures() {
    }

    /**
     * The publisher for this JVM. Creates {@code tandem.ops} as the sequencer would (12 partitions), after the
     * service has started: the service subscribes to a topic that does not exist yet and must pick it up.
     */
    public static synchronized OpsPublisher publisher() {
        if (publisher == null) {
            TestKafka.get().createTopic(Topics.OPS, 12);
            publisher = new OpsPublisher(TestKafka.get().bootstrapServers());
            Runtime.getRuntime().addShutdownHook(new Thread(publisher::close));
        }
        return publisher;
    }

    /** A document id no other test (or earlier run on a shared broker) uses. */
    public static String docId(String purpose) {
        return purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
