package dev.tandem.gateway.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private final OriginPolicy byDefault = new OriginPolicy(List.of("self", "http://localhost:*",
            "http://127.0.0.1:*"));

    @Test
    void requestsWithoutAnOriginComeFromProgramsAndAreAllowed() {
        assertThat(byDefault.allows(null, "tandem.example")).isTrue();
        assertThat(new OriginPolicy(List.of()).allows(null, null)).isTrue();
    }

    @Test
    void selfIsTheOriginWhoseHostAndPortAreTheHostHeader() {
        assertThat(byDefault.allows("http://tandem.example:8080", "tandem.example:8080")).isTrue();
        assertThat(byDefault.allows("https://Tandem.Example", "tandem.example")).isTrue();
        assertThat(byDefault.allows("https://tandem.example", "tandem.example:443")).isTrue();
        assertThat(byDefault.allows("http://tandem.example", "tandem.example:8080")).isFalse();
        assertThat(byDefault.allows("http://tandem.example:8080", "other.example:8080")).isFalse();
        assertThat(byDefault.allows("http://tandem.example.evil.example", "tandem.example")).isFalse();
        assertThat(byDefault.allows("http://tandem.example", null)).isFalse();
    }

    @Test
    void developmentOriginsMatchAnyPortOfTheirSchemeAndHostOnly() {
        assertThat(byDefault.allows("http://localhost:5173", "gateway:8080")).isTrue();
        assertThat(byDefault.allows("http://127.0.0.1:8088", "gateway:8080")).isTrue();
        assertThat(byDefault.allows("https://localhost:5173", "gateway:8080")).isFalse();
        assertThat(byDefault.allows("http://localhost.evil.example", "gateway:8080")).isFalse();
    }

    @Test
    void nullAndMalformedOriginsAreRefusedUnlessAnyOriginIsAllowed() {
        for (String origin : List.of("null", "file://", "http://", "not an origin", "http://a.example/path",
                "http://user@localhost:1")) {
            assertThat(byDefault.allows(origin, "localhost:1")).as(origin).isFalse();
        }
        assertThat(new OriginPolicy(List.of("*")).allows("null", "gateway")).isTrue();
        assertThat(new OriginPolicy(List.of("*")).allows("http://evil.example", "gateway")).isTrue();
    }

    @Test
    void exactOriginsDefaultTheirPortByScheme() {
        OriginPolicy policy = new OriginPolicy(List.of("https://tandem.example"));
        assertThat(policy.allows("https://tandem.example:443", "gateway")).isTrue();
        assertThat(policy.allows("https://tandem.example:8443", "gateway")).isFalse();
        assertThat(policy.allows("http://tandem.example", "gateway")).isFalse();
    }

    @Test
    void aMisspelledEntryIsRefusedAtStartup() {
        assertThatThrownBy(() -> new OriginPolicy(List.of("localhost:8080")))
                .hasMessageContaining("tandem.gateway.origins.allowed: localhost:8080");
    }
}
