package dev.tandem.gateway.document;

import java.util.ArrayList;
import java.util.List;

import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.Participant;

/** A subscriber that records what it is given, and checks the order a connection must see. */
final class RecordingSubscriber implements Subscriber {
    final String clientId;
    final List<String> events = new ArrayList<>();
    final List<Integer> revisions = new ArrayList<>();
    final List<Participant> presence = new ArrayList<>();
    int revision = -1;
    String text;
    ErrorCode failed;

    RecordingSubscriber(String clientId) {
        this.clientId = clientId;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public String sessionId() {
        return "s-" + clientId;
    }

    @Override
    public void snapshot(int revision, String text, String language, List<Participant> present) {
        events.add("snapshot " + revision);
        this.revision = revision;
        this.text = text;
        presence.addAll(present);
    }

    @Override
    public void resumed(int known, int head, List<Participant> present) {
        events.add("resumed " + known + " " + head);
        this.revision = known;
    }

    @Override
    public void deliver(OpCommitted op) {
        if (op.revision() != revision + 1) {
            throw new AssertionError("revision " + op.revision() + " delivered after " + revision);
        }
        revision = op.revision();
        revisions.add(op.revision());
        events.add((op.clientId().equals(clientId) ? "ack " : "committed ") + op.revision());
    }

    @Override
    public void duplicate(EditDuplicate duplicate) {
        events.add("duplicate " + duplicate.clientSeq() + "@" + duplicate.revision());
    }

    @Override
    public void rejected(EditRejected rejected) {
        events.add("rejected " + rejected.clientSeq());
    }

    @Override
    public void presence(Participant participant) {
        presence.add(participant);
    }

    @Override
    public void left(String clientId) {
        events.add("left " + clientId);
    }

    @Override
    public void fail(ErrorCode code, String message) {
        failed = code;
    }
}
