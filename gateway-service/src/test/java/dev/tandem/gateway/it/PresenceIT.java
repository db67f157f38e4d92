package dev.tandem.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.testsupport.ws.TandemTestClient;
import dev.tandem.protocol.Participant;
import dev.tandem.protocol.Selection;

/** Cursors with name and color, moved through concurrent edits, across gateways; gone when their owner is. */
class PresenceIT {

    private static TandemSystem system;

    @BeforeAll
    static void system() {
        system = TandemSystem.get();
    }

    @Test
    void aRemoteCursorStaysOnTheSameCharacterWhileOthersTypeBeforeIt() {
        String docId = "cursor-" + UUID.randomUUID();
        try (TandemTestClient ada = TandemTestClient.of(TandemSystem.ws(system.gateway1), docId, "Ada").connect();
             TandemTestClient bob = TandemTestClient.of(TandemSystem.ws(system.gateway2), docId, "Bob").connect();
             TandemTestClient cid = TandemTestClient.of(TandemSystem.ws(system.gateway1), docId, "Cid").connect()) {
            await().until(() -> ada.isSynchronized() && bob.isSynchronized() && cid.isSynchronized());
            ada.insert(0, "hello world");
            ReconnectIT.awaitSame(ada, bob, cid);

            // Bob types before Ada's caret while Ada's presence is on its way
            bob.insert(0, "> ");
            ada.presence(List.of(Selection.caret(6))); // on the "w" of "world", in Ada's revision
            for (int i = 0; i < 10; i++) {
                bob.insert(0, "#");
                await().until(bob::isSynchronized);
            }
            ReconnectIT.awaitSame(ada, bob, cid);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(charAtCaret(bob, ada)).isEqualTo("w");
                assertThat(charAtCaret(cid, ada)).isEqualTo("w");
            });
            Participant seen = bob.remote().get(ada.clientId());
            assertThat(seen.name()).isEqualTo("Ada");

            // a newcomer on the other gateway sees it there too, in its snapshot's present list
            try (TandemTestClient dee = TandemTestClient.of(TandemSystem.ws(system.gateway2), docId, "Dee")
                    .connect()) {
                await().until(dee::isSynchronized);
                await().untilAsserted(() -> assertThat(charAtCaret(dee, ada)).isEqualTo("w"));
            }
        }
    }

    @Test
    void aViewerOnTheReadOnlyLinkIsMarkedReadOnlyToEveryoneOnEveryGateway() {
        var created = DocumentsApiIT.create(system.gateway1);
        try (TandemTestClient ada = TandemTestClient.of(TandemSystem.ws(system.gateway1), created.docId(), "Ada")
                .connect();
             TandemTestClient grace = TandemTestClient.of(TandemSystem.ws(system.gateway2), created.readOnlyId(),
                     "Grace").connect()) {
            await().until(() -> ada.isSynchronized() && grace.isSynchronized());
            grace.presence(List.of(Selection.caret(0)));
            ada.presence(List.of(Selection.caret(0)));
            await().until(() -> ada.remote().containsKey(grace.clientId()) && grace.remote().containsKey(ada.clientId()));
            assertThat(ada.remote().get(grace.clientId()).readOnly()).as("Grace, as Ada sees her").isTrue();
            assertThat(grace.remote().get(ada.clientId()).readOnly()).as("Ada, as Grace sees her").isFalse();

            // a newcomer learns it from the snapshot's present list
            try (TandemTestClient dee = TandemTestClient.of(TandemSystem.ws(system.gateway1), created.docId(), "Dee")
                    .connect()) {
                await().until(() -> dee.isSynchronized() && dee.remote().containsKey(grace.clientId()));
                assertThat(dee.remote().get(grace.clientId()).readOnly()).isTrue();
                assertThat(dee.remote().get(ada.clientId()).readOnly()).isFalse();
            }
        }
    }

    @Test
    void theCursorOfAClientThatLeavesDisappears() {
        String docId = "leave-" + UUID.randomUUID();
        try (TandemTestClient ada = TandemTestClient.of(TandemSystem.ws(system.gateway1), docId, "Ada").connect();
             TandemTestClient bob = TandemTestClient.of(TandemSystem.ws(system.gateway2), docId, "Bob").connect();
             TandemTestClient cid = TandemTestClient.of(TandemSystem.ws(system.gateway1), docId, "Cid").connect()) {
            await().until(() -> ada.isSynchronized() && bob.isSynchronized() && cid.isSynchronized());
            ada.presence(List.of(Selection.caret(0)));
            cid.presence(List.of(Selection.caret(0)));
            await().until(() -> bob.remote().containsKey(ada.clientId()) && bob.remote().containsKey(cid.clientId()));

            ada.close(); // a closed tab
            cid.drop();  // a lost network
            await().atMost(Duration.ofSeconds(10)).until(() -> bob.left().contains(ada.clientId())
                    && bob.left().contains(cid.clientId()));
            assertThat(bob.remote()).doesNotContainKeys(ada.clientId(), cid.clientId());
        }
    }

    @Test
    void presenceFromACrashedGatewayExpires() {
        String docId = "crash-" + UUID.randomUUID();
        try (TandemTestClient ada = TandemTestClient.of(TandemSystem.ws(system.gateway2), docId, "Ada").connect();
             TandemTestClient bob = TandemTestClient.of(TandemSystem.ws(system.gateway1), docId, "Bob").connect()) {
            await().until(() -> ada.isSynchronized() && bob.isSynchronized());
            ada.presence(List.of(Selection.caret(0)));
            await().until(() -> bob.remote().containsKey(ada.clientId()));

            system.gateway2.kill(); // no goodbye: no `leaving` is published
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> bob.left().contains(ada.clientId()));
            } finally {
                system.gateway2.start().awaitReady(Duration.ofMinutes(1));
            }
        }
    }

    /** The character right after {@code owner}'s caret, as {@code viewer} sees it. */
    private static String charAtCaret(TandemTestClient viewer, TandemTestClient owner) {
        Participant p = viewer.remote().get(owner.clientId());
        if (p == null || p.selections().isEmpty()) {
            return null;
        }
        String text = viewer.text();
        int at = text.offsetByCodePoints(0, p.selections().get(0).head());
        return at >= text.length() ? "" : text.substring(at, text.offsetByCodePoints(at, 1));
    }
}
