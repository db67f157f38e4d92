package dev.tandem.protocol;

import java.util.List;
import java.util.Optional;

/**
 * Someone connected to a document, as other participants see them: who, in which color, and where their
 * selections are. {@code selections} are positions in the participant's document at {@code revision} (with their
 * own unacknowledged edits applied); empty when they show no caret. {@code readOnly}: they joined with the
 * document's read-only id, so they watch and cannot edit (on the wire only when true). {@code view}: the part of
 * the document they show, in the same positions (absent when their client does not say); {@code following}: the
 * clientId whose view they follow (absent: nobody).
 */
public record Participant(String clientId, String name, String color, int revision, List<Selection> selections,
                          boolean readOnly, Optional<Viewport> view, Optional<String> following) {
    public Participant {
        Check.id("clientId", clientId);
        Check.name("name", name);
        Check.color("color", color);
        Check.nonNegative("revision", revision);
        selections = Check.list("selections", selections, Selection.MAX_PER_CLIENT);
        Check.required("view", view);
        Check.following(following);
    }

    /** A participant who says nothing of their view and follows nobody. */
    public Participant(String clientId, String name, String color, int revision, List<Selection> selections,
                       boolean readOnly) {
        this(clientId, name, color, revision, selections, readOnly, Optional.empty(), Optional.empty());
    }

    /** A participant who can edit. */
    public Participant(String clientId, String name, String color, int revision, List<Selection> selections) {
        this(clientId, name, color, revision, selections, false);
    }

    /** The participant a presence event describes. */
    public static Participant of(PresenceUpdate update) {
        return new Participant(update.clientId(), update.name(), update.color(), update.revision(),
                update.selections(), update.readOnly(), update.view(), update.following());
    }

    /** This participant with its positions as of another revision. */
    public Participant movedTo(int revision, List<Selection> selections, Optional<Viewport> view) {
        return new Participant(clientId, name, color, revision, selections, readOnly, view, following);
    }
}
