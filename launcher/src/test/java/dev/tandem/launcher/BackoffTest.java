package dev.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration QUICK = Duration.ofSeconds(2);
    private static final Duration LONG = Duration.ofMinutes(5);

    @Test
    void quickExitsInARowDoubleTheDelayUpToTheMaximum() {
        var backoff = new Backoff();
        assertThat(backoff.delayAfter(QUICK, true)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayAfter(QUICK, true)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delayAfter(QUICK, true)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delayAfter(QUICK, true)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.delayAfter(QUICK, true)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.delayAfter(QUICK, true)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delayAfter(QUICK, true)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.givenUp()).as("each of them had become ready").isFalse();
    }

    @Test
    void anExitAfterALongRunStartsAgainFromTheFirstDelay() {
        var backoff = new Backoff();
        backoff.delayAfter(QUICK, true);
        backoff.delayAfter(QUICK, true);
        assertThat(backoff.delayAfter(LONG, true)).isEqualTo(Backoff.FIRST);
    }

    @Test
    void aProcessThatNeverBecomesReadyIsGivenUpOnAfterFiveStartsAndAResetTriesAgain() {
        var backoff = new Backoff();
        for (int i = 1; i < Backoff.GIVE_UP_AFTER; i++) {
            backoff.delayAfter(QUICK, false);
            assertThat(backoff.givenUp()).as("after %d failed starts", i).isFalse();
        }
        backoff.delayAfter(QUICK, false);
        assertThat(backoff.givenUp()).isTrue();
        backoff.reset();
        assertThat(backoff.givenUp()).isFalse();
        assertThat(backoff.delayAfter(QUICK, false)).isEqualTo(Backoff.FIRST);
    }

    @Test
    void becomingReadyInBetweenClearsTheCountOfFailedStarts() {
        var backoff = new Backoff();
        for (int i = 0; i < Backoff.GIVE_UP_AFTER - 1; i++) {
            backoff.delayAfter(QUICK, false);
        }
        backoff.delayAfter(QUICK, true);
        backoff.delayAfter(QUICK, false);
        assertThat(backoff.givenUp()).isFalse();
    }
}
