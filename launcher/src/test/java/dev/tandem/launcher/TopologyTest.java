package dev.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TopologyTest {

    private final Topology topology = new Topology("java", "cp", Path.of("/run/apps"), Path.of("/run/kafka"),
            Ports.fromBase(8080), "127.0.0.1");
    private final Topology.Jdbc jdbc = new Topology.Jdbc("jdbc:postgresql://127.0.0.1:5432/tandem_x", "postgres", "");

    @Test
    void internalServicesListenOnLoopbackOnlyAndTheGatewayWhereItIsTold() {
        assertThat(topology.sequencer(1).command()).contains("-Dquarkus.http.host=127.0.0.1");
        assertThat(topology.snapshot(jdbc).command()).contains("-Dquarkus.http.host=127.0.0.1");
        assertThat(topology.gateway(1, "k").command()).contains("-Dquarkus.http.host=127.0.0.1");
        var open = new Topology("java", "cp", Path.of("/a"), Path.of("/k"), Ports.fromBase(8080), "0.0.0.0");
        assertThat(open.gateway(2, "k").command()).contains("-Dquarkus.http.host=0.0.0.0");
        assertThat(open.sequencer(2).command()).contains("-Dquarkus.http.host=127.0.0.1");
    }

    @Test
    void everyInstanceHasAStableIdOfItsOwn() {
        assertThat(topology.sequencer(1).command()).contains("-Dtandem.sequencer.instance-id=sequencer-1");
        assertThat(topology.sequencer(2).command()).contains("-Dtandem.sequencer.instance-id=sequencer-2");
        var again = new Topology("java", "cp", Path.of("/run/apps"), Path.of("/run/kafka"), Ports.fromBase(8080),
                "127.0.0.1");
        assertThat(again.sequencer(2).command()).as("the same id after a restart").contains(
                "-Dtandem.sequencer.instance-id=sequencer-2");
        assertThat(topology.snapshot(jdbc).env()).containsEntry("TANDEM_SNAPSHOT_INSTANCE_ID", "snapshot-1");
    }

    @Test
    void theDefaultPortsAreTheDocumentedOnesAndNoTwoProcessesShareOne() {
        var ports = Ports.fromBase(8080);
        assertThat(List.of(ports.gateway(1), ports.sequencer(1), ports.snapshot(), ports.kafka(),
                ports.kafkaController(), ports.embeddedPostgres(), ports.gateway(2), ports.sequencer(2)))
                .containsExactly(8080, 8081, 8082, 9092, 9093, 5433, 8092, 8102);
        Set<Integer> seen = new HashSet<>();
        for (int i = 1; i <= Ports.MAX_INSTANCES; i++) {
            assertThat(seen.add(ports.gateway(i))).isTrue();
            assertThat(seen.add(ports.sequencer(i))).isTrue();
        }
        assertThat(seen).doesNotContain(ports.snapshot(), ports.kafka(), ports.kafkaController());
    }

    @Test
    void aBasePortMovesEveryPort() {
        var ports = Ports.fromBase(28080);
        assertThat(ports.gateway(1)).isEqualTo(28080);
        assertThat(ports.kafka()).isEqualTo(29092);
        assertThat(ports.embeddedPostgres()).isEqualTo(25433);
        assertThatThrownBy(() -> Ports.fromBase(80)).hasMessageContaining("between 1024");
    }

    @Test
    void servicesRunFromTheCopiedAppsAndTalkToTheRunsBroker() {
        assertThat(topology.gateway(1, "key").command())
                .contains("/run/apps/gateway-service/quarkus-run.jar", "-Dkafka.bootstrap.servers=127.0.0.1:9092",
                        "-Dtandem.gateway.snapshot-url=http://127.0.0.1:8082", "-Dtandem.gateway.read-only.key=key");
        assertThat(topology.kafka().command()).endsWith("9092", "9093", "/run/kafka");
    }

    @Test
    void aGatewaysHeapIsSizedToItsConnectionLimitWhichItIsGiven() {
        assertThat(topology.gateway(1, "k").command()).contains("-Xmx516m",
                "-Dtandem.gateway.limits.connections-per-gateway=10000");
        var large = new Topology("java", "cp", Path.of("/a"), Path.of("/k"), Ports.fromBase(8080), "127.0.0.1", 50_000);
        assertThat(large.gateway(1, "k").command()).contains("-Xmx1297m",
                "-Dtandem.gateway.limits.connections-per-gateway=50000");
        assertThat(large.sequencer(1).command()).contains("-Xmx512m").doesNotContain("-Xmx1297m");
        assertThat(Topology.gatewayHeapMiB(1)).isEqualTo(321);
        assertThatThrownBy(() -> new Topology("java", "cp", Path.of("/a"), Path.of("/k"), Ports.fromBase(8080),
                "127.0.0.1", 0)).hasMessageContaining("at least 1");
    }
}
