package dev.tandem.gateway.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ReadOnlyIdsTest {

    private final ReadOnlyIds ids = new ReadOnlyIds("aXQtcmVhZC1vbmx5LWtleQ==");

    @Test
    void aNewDocumentHas128RandomBitsAndAReadOnlyIdThatLeadsBackToItReadOnly() {
        ReadOnlyIds.NewDocument doc = ids.create();
        assertThat(doc.docId()).matches("[A-Za-z0-9_-]{22}");
        assertThat(doc.readOnlyId()).matches("ro_[A-Za-z0-9_-]{22}");
        assertThat(ids.resolve(doc.readOnlyId())).contains(new ReadOnlyIds.Address(doc.docId(), true));
        assertThat(ids.resolve(doc.docId())).contains(new ReadOnlyIds.Address(doc.docId(), false));
        assertThat(ids.readOnlyIdOf(doc.docId())).contains(doc.readOnlyId());
    }

    @Test
    void idsDoNotRepeatAndOtherKeysMapDifferently() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(ids.create().docId())).isTrue();
        }
        ReadOnlyIds.NewDocument doc = ids.create();
        ReadOnlyIds other = new ReadOnlyIds("b3RoZXIta2V5LTAxMjM0NQ==");
        assertThat(other.readOnlyIdOf(doc.docId()).orElseThrow()).isNotEqualTo(doc.readOnlyId());
    }

    @Test
    void anyOtherIdentifierNamesAWritableDocumentAndANonCanonicalReadOnlyIdNone() {
        assertThat(ids.resolve("team-notes")).contains(new ReadOnlyIds.Address("team-notes", false));
        assertThat(ids.resolve("ro_AAAAAAAAAAAAAAAAAAAAAB")).isEmpty();
        assertThat(ids.readOnlyIdOf("team-notes")).isEmpty();
    }

    @Test
    void theKeyMustBeAnAesKey() {
        assertThatThrownBy(() -> new ReadOnlyIds("c2hvcnQ=")).hasMessageContaining("16, 24 or 32 bytes");
    }
}
