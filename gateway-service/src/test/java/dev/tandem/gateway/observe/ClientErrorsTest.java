package dev.tandem.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.tandem.protocol.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ClientErrorsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ClientErrors errors = new ClientErrors(registry);

    @Test
    void everyErrorIsCountedByCodeAndSummarizedOnceAMinutePerAddress() {
        for (int i = 0; i < 100_000; i++) {
            errors.errorSent(ErrorCode.MALFORMED_MESSAGE, "203.0.113.9", "s-" + (i % 3));
        }
        errors.errorSent(ErrorCode.RATE_LIMITED, "203.0.113.9", "s-0");
        errors.frameRefused(1009, "198.51.100.1", "c-1");

        assertThat(registry.get("tandem.gateway.errors").tag("code", "MALFORMED_MESSAGE").counter().count())
                .isEqualTo(100_000);
        assertThat(registry.get("tandem.gateway.frames.refused").tag("close", "1009").counter().count()).isEqualTo(1);
        assertThat(errors.summarize(60)).containsExactly(
                "client errors from 203.0.113.9 in the last 60 s: 100001 on 3 connections (MALFORMED_MESSAGE=100000,"
                        + " RATE_LIMITED=1)",
                "client errors from 198.51.100.1 in the last 60 s: 1 on 1 connection (close 1009=1)");
        assertThat(errors.summarize(60)).isEmpty(); // counted again from zero
    }

    @Test
    void theSummaryHasABoundedNumberOfLinesHoweverManyAddresses() {
        for (int a = 0; a < 5000; a++) {
            errors.errorSent(ErrorCode.UNKNOWN_MESSAGE_TYPE, "10.0." + (a / 250) + "." + (a % 250), "s-" + a);
        }
        assertThat(errors.summarize(60)).hasSize(ClientErrors.MAX_LINES + 1)
                .last().asString().isEqualTo("client errors from 4980 more addresses in the last 60 s: 4980 errors");
    }

    @Test
    void theGatewaysOwnTroubleIsCountedButNotSummarized() {
        errors.errorSent(ErrorCode.UNAVAILABLE, "192.0.2.1", "s-1");
        assertThat(registry.get("tandem.gateway.errors").tag("code", "UNAVAILABLE").counter().count()).isEqualTo(1);
        assertThat(errors.summarize(60)).isEmpty();
    }
}
