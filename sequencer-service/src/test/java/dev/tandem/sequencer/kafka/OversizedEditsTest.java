package dev.tandem.sequencer.kafka;

import static dev.tandem.sequencer.kafka.KafkaTestClients.uniqueDoc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.ot.Component;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ClientMessage;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.SizeLimits;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.Topics;
import dev.tandem.protocol.kafka.SequencedEventDeserializer;
import dev.tandem.testsupport.TandemInfrastructureResource;
import dev.tandem.testsupport.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 9 against a real broker: edits at the size limits are decided, never retried for ever, and the other
 * documents of the partition are still acknowledged after each (a canary edit commits).
 */
@QuarkusTest
@WithTestResource(TandemInfrastructureResource.class)
class OversizedEditsTest {

    private static final int FRAME = SizeLimits.DEFAULT_MAX_FRAME_BYTES;
    private static final int LIMIT = SizeLimits.maxRecordValueBytes(FRAME);
    /** The attacker's frame: under the 1 MiB frame limit, its OpCommitted was over the old 1 MiB record limit. */
    private static final int ISSUE_FRAME_BYTES = 1_048_356;
    private static final String CLIENT = "attacker-with-20-chr";

    private static KafkaTestClients kafka;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClients();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void theIssuesFrameAndTheLargestFrameAreCommitted() {
        for (int frameBytes : new int[] {ISSUE_FRAME_BYTES, FRAME - 1, FRAME}) {
            double aborts = aborts();
            String doc = uniqueDoc("issue9-frame"); // 21 characters, as in the issue
            EditSubmitted edit = asTheGatewayPublishes(doc, frameBytes);

            kafka.submit(edit);

            assertThat(kafka.awaitDecisions(doc, 1)).singleElement().isInstanceOfSatisfying(OpCommitted.class,
                    committed -> assertThat(TandemJson.shared().encodeBytes(committed).length).isLessThan(LIMIT));
            kafka.assertCanaryCommits(doc);
            assertThat(aborts()).as("aborted transactions").isEqualTo(aborts);
        }
    }

    @Test
    void anOpCommittedOfExactlyTheLimitIsCommittedAndOneByteMoreIsRefused() {
        double aborts = aborts();
        String fits = uniqueDoc("at-limit");
        String over = uniqueDoc("over-limit");
        kafka.submit(insertWhoseOpCommittedIs(fits, LIMIT));
        kafka.submit(insertWhoseOpCommittedIs(over, LIMIT + 1));

        assertThat(kafka.awaitDecisions(fits, 1)).singleElement().isInstanceOfSatisfying(OpCommitted.class,
                committed -> assertThat(TandemJson.shared().encodeBytes(committed).length)
                        .isBetween(LIMIT - 4, LIMIT)); // 4 fewer when committedAt falls on a whole second
        SequencedEvent decision = kafka.awaitDecisions(over, 1).get(0);
        if (decision instanceof OpCommitted committed) {
            // committed on a whole second: ".123" is absent from committedAt, so it was 3 bytes under the limit
            assertThat(TandemJson.shared().encodeBytes(committed).length).isEqualTo(LIMIT - 3);
        } else {
            assertThat(decision).isInstanceOfSatisfying(EditRejected.class, rejected -> {
                assertThat(rejected.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
                assertThat(rejected.message()).isEqualTo("the edit, transformed for revision 1, is " + (LIMIT + 1)
                        + " bytes; the log takes at most " + LIMIT);
            });
            kafka.assertCanaryCommits(over); // the same document goes on: the refusal took no revision
        }
        kafka.assertCanaryCommits(fits);
        assertThat(aborts()).as("aborted transactions").isEqualTo(aborts);
    }

    @Test
    void aTransformThatGrowsTheOpPastTheLimitIsRefused() {
        double aborts = aborts();
        String doc = uniqueDoc("grows");
        kafka.submit(new EditSubmitted(doc, "first", 1, 0, new TextEdit(TextOperation.insert(0, "ab")), Instant.now(),
                "sec"));
        kafka.awaitDecisions(doc, 1);
        // a concurrent insert of a million characters commits first, at revision 2
        kafka.submit(new EditSubmitted(doc, "other", 1, 1, new TextEdit(TextOperation.insert(0,
                "y".repeat(1_000_000))), Instant.now(), "sec"));
        // made on revision 1 as [2, "x…"], one byte under the limit at revision 3; transformed, the retain becomes
        // 1000002: six bytes more (two more on a whole second), over the limit either way
        TextOperation made = appendAt(2, "x".repeat(1 + (LIMIT - 1) - encodedSize(doc, 3, appendAt(2, "x"))));
        assertThat(encodedSize(doc, 3, made)).isEqualTo(LIMIT - 1);
        kafka.submit(new EditSubmitted(doc, CLIENT, 1, 1, new TextEdit(made), Instant.now(), "sec"));

        List<SequencedEvent> decisions = kafka.awaitDecisions(doc, 3);

        assertThat(decisions.get(1)).isInstanceOf(OpCommitted.class);
        assertThat(decisions.get(2)).isInstanceOfSatisfying(EditRejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
            assertThat(rejected.message()).startsWith("the edit, transformed for revision 3, is ");
        });
        kafka.assertCanaryCommits(doc);
        assertThat(aborts()).as("aborted transactions").isEqualTo(aborts);
    }

    @Test
    void anOutputTheBrokerRefusesAbortsOnceThenIsRefusedAndDeadLettered() throws Exception {
        String doc = uniqueDoc("broker-refuses");
        double aborts = aborts();
        double deadLettered = counter("tandem.sequencer.edits.dead.lettered");
        try (Admin admin = TestKafka.get().admin();
             KafkaConsumer<String, SequencedEvent> deadLetters = deadLetterConsumer()) {
            // an operator lowered the topic's limit below what the sequencer was configured for
            setOpsMaxMessageBytes(admin, 200_000);
            try {
                kafka.submit(new EditSubmitted(doc, CLIENT, 1, 0, new TextEdit(TextOperation.insert(0,
                        "x".repeat(300_000))), Instant.now(), "sec"));

                assertThat(kafka.awaitDecisions(doc, 1)).singleElement().isInstanceOfSatisfying(EditRejected.class,
                        rejected -> {
                            assertThat(rejected.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
                            assertThat(rejected.message()).contains("could not be written to the log");
                        });
                kafka.assertCanaryCommits(doc);
            } finally {
                setOpsMaxMessageBytes(admin, SizeLimits.maxKafkaRecordBytes(FRAME));
            }
            ConsumerRecord<String, SequencedEvent> letter = awaitDeadLetter(deadLetters, doc);
            assertThat(letter.value()).isInstanceOf(EditRejected.class);
            assertThat(new String(letter.headers().lastHeader(TransactionalOps.HEADER_REASON).value(),
                    StandardCharsets.UTF_8)).contains("RecordTooLargeException");
            assertThat(letter.headers().lastHeader(TransactionalOps.HEADER_OFFSET)).isNotNull();
        }
        assertThat(aborts() - aborts).as("aborted transactions").isEqualTo(1);
        assertThat(counter("tandem.sequencer.edits.dead.lettered") - deadLettered).isEqualTo(1);
        assertThat(registry.find("tandem.sequencer.edits.rejected").tag("code", "MESSAGE_TOO_LARGE").counter())
                .isNotNull();
    }

    /** What the gateway publishes for a {@code submit} frame of {@code frameBytes} bytes (an ASCII insert). */
    private static EditSubmitted asTheGatewayPublishes(String doc, int frameBytes) {
        String head = "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":0,\"edit\":{\"kind\":\"text\",\"op\":[\"";
        String tail = "\"]}}";
        String frame = head + "x".repeat(frameBytes - head.length() - tail.length()) + tail;
        assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(frameBytes);
        var submit = (ClientMessage.Submit) TandemJson.shared().decodeClientMessage(frame);
        var join = new ClientMessage.Join(doc, CLIENT, "sec", "#ff7f0e", OptionalInt.empty());
        return EditSubmitted.of(join, submit, Instant.now());
    }

    /** An insert whose OpCommitted at revision 1 encodes to {@code bytes}, if committed off a whole second. */
    private static EditSubmitted insertWhoseOpCommittedIs(String doc, int bytes) {
        int probe = encodedSize(doc, 1, TextOperation.insert(0, "x"));
        return new EditSubmitted(doc, CLIENT, 1, 0, new TextEdit(TextOperation.insert(0, "x".repeat(1 + bytes - probe))),
                Instant.now(), "sec");
    }

    private static TextOperation appendAt(int retain, String text) {
        return TextOperation.of(new Component.Retain(retain), new Component.Insert(text, text.length()));
    }

    /** The encoded OpCommitted of {@code op} at {@code revision}, committed off a whole second. */
    private static int encodedSize(String doc, int revision, TextOperation op) {
        return TandemJson.shared().encodeBytes(new OpCommitted(doc, revision, CLIENT, 1, new TextEdit(op),
                Instant.parse("2025-01-15T09:30:00.123Z"), "sec")).length;
    }

    private static void setOpsMaxMessageBytes(Admin admin, int bytes) throws Exception {
        ConfigResource ops = new ConfigResource(ConfigResource.Type.TOPIC, Topics.OPS);
        admin.incrementalAlterConfigs(Map.of(ops, List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes",
                String.valueOf(bytes)), AlterConfigOp.OpType.SET)))).all().get();
    }

    private static KafkaConsumer<String, SequencedEvent> deadLetterConsumer() {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-dead-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new SequencedEventDeserializer());
        consumer.subscribe(List.of(Topics.EDITS_DEAD));
        return consumer;
    }

    private static ConsumerRecord<String, SequencedEvent> awaitDeadLetter(
            KafkaConsumer<String, SequencedEvent> consumer, String doc) {
        List<ConsumerRecord<String, SequencedEvent>> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().anyMatch(record -> doc.equals(record.key()));
        });
        return seen.stream().filter(record -> doc.equals(record.key())).findFirst().orElseThrow();
    }

    private double aborts() {
        return counter("tandem.sequencer.transactions.aborted");
    }

    private double counter(String name) {
        var counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }
}
