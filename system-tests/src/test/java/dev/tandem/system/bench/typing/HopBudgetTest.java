package dev.tandem.system.bench.typing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HopBudgetTest {

    private static HopBudget.Sample sample(String text) {
        Map<String, double[]> hops = new LinkedHashMap<>();
        HopBudget.add(hops, text);
        return new HopBudget.Sample(hops, List.of());
    }

    @Test
    void theMeanOfEachHopBetweenTwoScrapes() {
        HopBudget.Sample before = sample("""
                # TYPE tandem_gateway_hop_seconds summary
                tandem_gateway_hop_seconds_count{stage="publish"} 10.0
                tandem_gateway_hop_seconds_sum{stage="publish"} 0.010
                tandem_gateway_hop_seconds_bucket{stage="publish",le="0.001"} 3.0
                """);
        HopBudget.Sample after = sample("""
                tandem_gateway_hop_seconds_count{stage="publish"} 30.0
                tandem_gateway_hop_seconds_sum{stage="publish"} 0.070
                tandem_sequencer_hop_seconds_count{stage="commit",} 4.0
                tandem_sequencer_hop_seconds_sum{stage="commit",} 0.020
                tandem_gateway_hop_seconds_max{stage="publish"} 0.5
                """);
        assertThat(HopBudget.between(before, after))
                .contains("gateway publish 3.00") // (0.070 - 0.010) s over 20 = 3 ms
                .contains("sequencer commit 5.00")
                .contains("gateway deliver n/a")
                .doesNotContain("not read");
    }
}
