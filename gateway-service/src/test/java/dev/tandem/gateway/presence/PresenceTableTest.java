package dev.tandem.gateway.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tandem.protocol.PresenceUpdate;
import dev.tandem.protocol.Selection;

class PresenceTableTest {

    private final PresenceTable table = new PresenceTable();

    @Test
    void aClientLeavesWithItsLastSession() {
        table.apply(update("ada", "s1", false, 0));
        assertThat(table.present("d")).extracting(PresenceUpdate::clientId).containsExactly("ada");
        assertThat(table.apply(update("ada", "s1", true, 1))).isEqualTo(new PresenceTable.Left("d", "ada"));
        assertThat(table.present("d")).isEmpty();
    }

    @Test
    void theLateCloseOfAStaleSessionDoesNotHideItsSuccessor() {
        table.apply(update("ada", "old", false, 0));
        table.apply(update("ada", "new", false, 1));
        assertThat(table.apply(update("ada", "old", true, 2))).isInstanceOf(PresenceTable.Unchanged.class);
        assertThat(table.present("d")).extracting(PresenceUpdate::sessionId).containsExactly("new");
    }

    @Test
    void sessionsNotRefreshedExpire() {
        table.apply(update("ada", "s1", false, 0));
        table.apply(update("bob", "s2", false, 50));
        assertThat(table.expire(Instant.ofEpochSecond(45))).containsExactly(new PresenceTable.Left("d", "ada"));
        assertThat(table.present("d")).extracting(PresenceUpdate::clientId).containsExactly("bob");
    }

    private static PresenceUpdate update(String clientId, String session, boolean leaving, long at) {
        return new PresenceUpdate("d", clientId, session, "N", "#000000", 0, List.of(Selection.caret(0)), leaving,
                Instant.ofEpochSecond(at));
    }
}
