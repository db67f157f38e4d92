package dev.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class RunLayoutTest {

    @Test
    void eachStateDirectoryHasItsOwnValidDatabaseName() {
        String main = RunLayout.of(Path.of("/work/main"), null).databaseName();
        String other = RunLayout.of(Path.of("/tmp/clone/main"), null).databaseName();
        String custom = RunLayout.of(Path.of("/work/main"), Path.of("/work/main/target/it-run")).databaseName();
        assertThat(main).startsWith("tandem_main_").matches("[a-z0-9_]{1,63}");
        assertThat(other).startsWith("tandem_main_").isNotEqualTo(main);
        assertThat(custom).startsWith("tandem_target_").isNotEqualTo(main);
        assertThat(RunLayout.of(Path.of("/work/main"), null).databaseName()).as("stable").isEqualTo(main);
    }

    @Test
    void oddDirectoryNamesStillGiveAValidName() {
        String name = RunLayout.of(Path.of("/x/Ünïcode dir—with a very long name that goes on and on and on"), null)
                .databaseName();
        assertThat(name).matches("[a-z0-9_]{1,63}");
    }
}
