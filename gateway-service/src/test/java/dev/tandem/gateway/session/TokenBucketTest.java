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

    @Test
    void saysHowLongUntilTheNextToken() {
        TokenBucket bucket = new TokenBucket(50, 1, 0);
        assertThat(bucket.nanosUntilToken(0)).isZero();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.nanosUntilToken(0)).isEqualTo(20_000_000);
        assertThat(bucket.nanosUntilToken(15_000_000)).isEqualTo(5_000_000);
        assertThat(bucket.tryTake(19_999_999)).isFalse();
        assertThat(bucket.tryTake(20_000_000)).isTrue();
    }

    @Test
    void aRateBelowOneASecond() {
        TokenBucket bucket = new TokenBucket(2, 20, 0); // 20 per 10 s
        for (int i = 0; i < 20; i++) {
            assertThat(bucket.tryTake(0)).isTrue();
        }
        assertThat(bucket.tryTake(499_999_999)).isFalse();
        assertThat(bucket.tryTake(500_000_000)).isTrue();
    }
}
