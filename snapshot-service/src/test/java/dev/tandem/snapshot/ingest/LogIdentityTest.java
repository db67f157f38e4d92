package dev.tandem.snapshot.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class LogIdentityTest {

    @Test
    void aNewDatabaseRecordsTheLogAndAnotherLogIsRefused() {
        assertThat(LogIdentity.decide(Optional.empty(), "a")).isEqualTo(LogIdentity.Verdict.RECORD);
        assertThat(LogIdentity.decide(Optional.of("a"), "a")).isEqualTo(LogIdentity.Verdict.MATCH);
        assertThat(LogIdentity.decide(Optional.of("a"), "b")).isEqualTo(LogIdentity.Verdict.MISMATCH);
    }
}
