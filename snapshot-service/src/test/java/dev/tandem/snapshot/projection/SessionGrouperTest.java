package dev.tandem.snapshot.projection;

import dev.tandem.protocol.history.EditingSession;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionGrouperTest {
    private static final Instant T0 = Instant.parse("2025-01-15T09:00:00Z");

    @Test
    void anIdleGapLongerThanTheLimitStartsANewSession() {
        SessionGrouper grouper = new SessionGrouper(Duration.ofMinutes(5));
        grouper.add(1, T0, "Ada");
        grouper.add(2, T0.plusSeconds(60), "Grace");
        grouper.add(3, T0.plusSeconds(60 + 301), "Grace");
        grouper.add(4, T0.plusSeconds(60 + 301 + 300), "Ada");

        assertThat(grouper.sessions()).containsExactly(
                new EditingSession(1, 2, T0, T0.plusSeconds(60), List.of("Ada", "Grace")),
                new EditingSession(3, 4, T0.plusSeconds(361), T0.plusSeconds(661), List.of("Grace", "Ada")));
    }

    @Test
    void authorsAreListedOnceInOrderOfFirstAppearance() {
        SessionGrouper grouper = new SessionGrouper(Duration.ofMinutes(5));
        for (int r = 1; r <= 6; r++) {
            grouper.add(r, T0.plusSeconds(r), r % 2 == 0 ? "Grace" : "Ada");
        }

        assertThat(grouper.sessions()).singleElement()
                .satisfies(s -> assertThat(s.authors()).containsExactly("Ada", "Grace"));
    }

    @Test
    void aClockStepBackwardsDoesNotSplitASession() {
        SessionGrouper grouper = new SessionGrouper(Duration.ofMinutes(5));
        grouper.add(1, T0, "Ada");
        grouper.add(2, T0.minusSeconds(3600), "Ada");

        assertThat(grouper.sessions()).hasSize(1);
    }

    @Test
    void noRevisionsMeanNoSessions() {
        assertThat(new SessionGrouper(Duration.ofMinutes(5)).sessions()).isEmpty();
    }

    @Test
    void revisionsMustComeInOrder() {
        SessionGrouper grouper = new SessionGrouper(Duration.ofMinutes(5));
        grouper.add(1, T0, "Ada");

        assertThatThrownBy(() -> grouper.add(3, T0, "Ada")).hasMessage("revision 3 does not follow 1");
    }
}
