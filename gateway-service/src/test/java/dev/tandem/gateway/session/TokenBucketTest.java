package dev.tandem.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void aBurstIsAllowedThenTheRate() {
        TokenBucket bucket = new TokenBucket(50, 100, 0);
        for (int i = 0; i < 100; i++) {
            assertThat(bucket.tryTake(0)).isTrue();
        }
        assertThat(bucket.tryTake(0)).isFalse();
        assertThat(bucket.tryTake(20_000_000)).as("one token per 20 ms").isTrue();
        assertThat(bucket.tryTake(20_000_000)).isFalse();
    }
}
