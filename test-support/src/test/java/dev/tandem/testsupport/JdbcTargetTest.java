package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcTargetTest {

    @Test
    void aJdbcTargetAsALibpqUri() {
        JdbcTarget target = new JdbcTarget("jdbc:postgresql://127.0.0.1:5432/tandem_x?sslmode=disable", "postgres", "");
        assertThat(target.libpqUri()).isEqualTo("postgres://postgres@127.0.0.1:5432/tandem_x");
    }

    @Test
    void credentialsAreEscaped() {
        JdbcTarget target = new JdbcTarget("jdbc:postgresql://db:6543/app", "a user", "p@ss:w/rd");
        assertThat(target.libpqUri()).isEqualTo("postgres://a%20user:p%40ss%3Aw%2Frd@db:6543/app");
    }
}
