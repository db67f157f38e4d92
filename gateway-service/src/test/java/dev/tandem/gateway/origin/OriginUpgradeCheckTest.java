package dev.tandem.gateway.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.websockets.next.HttpUpgradeCheck.CheckResult;
import io.vertx.core.http.HttpServerRequest;

class OriginUpgradeCheckTest {
    private final OriginUpgradeCheck check = new OriginUpgradeCheck(new OriginPolicy(List.of("self")));

    @Test
    void aHandshakeFromARefusedOriginIsNotUpgraded() {
        CheckResult refused = check.check(request(Map.of("origin", "http://evil.example", "host", "gateway:8080")));
        assertThat(refused.isUpgradePermitted()).isFalse();
        assertThat(refused.getHttpResponseCode()).isEqualTo(403);
    }

    @Test
    void ownPagesAndProgramsAreUpgraded() {
        assertThat(check.check(request(Map.of("origin", "http://gateway:8080", "host", "gateway:8080")))
                .isUpgradePermitted()).isTrue();
        assertThat(check.check(request(Map.of("host", "gateway:8080"))).isUpgradePermitted()).isTrue();
    }

    /** A request that has only these headers (names in lower case). */
    private static HttpServerRequest request(Map<String, String> headers) {
        return (HttpServerRequest) Proxy.newProxyInstance(HttpServerRequest.class.getClassLoader(),
                new Class<?>[] {HttpServerRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHeader")) {
                        return headers.get(args[0].toString().toLowerCase(java.util.Locale.ROOT));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
