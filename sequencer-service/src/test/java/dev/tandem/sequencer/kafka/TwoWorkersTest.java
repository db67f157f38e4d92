package dev.tandem.sequencer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;

import dev.tandem.testsupport.TandemInfrastructureResource;
import dev.tandem.testsupport.TestKafka;
import dev.tandem.testsupport.load.EditLoad;
import dev.tandem.testsupport.load.LogInvariants;
import dev.tandem.testsupport.load.OpsLog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Two sequencing workers in one instance: each is its own member of the group with its own transactional
 * producer, they share the partitions between them, and under editing clients the log stays sound.
 */
@QuarkusTest
@TestProfile(TwoWorkersTest.TwoWorkers.class)
@WithTestResource(TandemInfrastructureResource.class)
class TwoWorkersTest {

    private static final String GROUP = "tandem-sequencer-two-workers";

    public static class TwoWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tandem.sequencer.workers", "2", "tandem.sequencer.group-id", GROUP);
        }
    }

    @Test
    void twoWorkersShareThePartitionsAndLoseAndRepeatNothing() throws Exception {
        String bootstrap = TestKafka.get().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                List<Set<Integer>> assignments = admin.describeConsumerGroups(List.of(GROUP)).all().get()
                        .get(GROUP).members().stream().map(TwoWorkersTest::partitions).toList();
                assertThat(assignments).hasSize(2).allSatisfy(partitions -> assertThat(partitions).isNotEmpty());
                Set<Integer> all = new TreeSet<>();
                assignments.forEach(all::addAll);
                assertThat(all).hasSize(12);
            });
        }
        try (EditLoad load = EditLoad.builder(bootstrap).documents("two-workers", 12).clientsPerDocument(2).seed(7)
                .resendAfter(Duration.ofSeconds(2)).build()) {
            load.start();
            await().atMost(Duration.ofMinutes(1)).until(() -> load.committed() >= 300);
            load.stopEditing();
            await().atMost(Duration.ofMinutes(2)).until(load::isDone);

            assertThat(load.failures()).isEmpty();
            assertThat(LogInvariants.check(OpsLog.read(bootstrap, load.documents()), load.reports())).isEmpty();
        }
    }

    private static Set<Integer> partitions(MemberDescription member) {
        Set<Integer> partitions = new TreeSet<>();
        member.assignment().topicPartitions().forEach(tp -> partitions.add(tp.partition()));
        return partitions;
    }
}
