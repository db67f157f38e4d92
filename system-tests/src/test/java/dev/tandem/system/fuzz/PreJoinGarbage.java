package dev.tandem.system.fuzz;

import java.util.List;
import java.util.Random;

/**
 * Frames before {@code join}: text that is not JSON, JSON that is not an object, messages other than join or ping
 * (NOT_JOINED), a join that names another document than the path or breaks a field rule. Each must be answered;
 * a {@code ping} (allowed before join) must get {@code pong}.
 */
final class PreJoinGarbage implements AttackFamily {
    private static final List<String> FIXED = List.of(
            "", " ", "null", "[]", "{}", "\"join\"", "42", "true", "{\"type\":null}", "{\"type\":42}",
            "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":0,\"edit\":{\"kind\":\"text\",\"op\":[\"x\"]}}",
            "{\"type\":\"presence\",\"revision\":0,\"selections\":[]}",
            "{\"type\":\"join\"}",
            "{\"type\":\"join\",\"docId\":\"other-doc\",\"clientId\":\"h-x\",\"name\":\"n\",\"color\":\"#000000\"}",
            "{\"type\":\"join\",\"docId\":\"%s\",\"clientId\":\"h x\",\"name\":\"n\",\"color\":\"#000000\"}",
            "{\"type\":\"join\",\"docId\":\"%s\",\"clientId\":\"h-y\",\"name\":\"\",\"color\":\"#000000\"}",
            "{\"type\":\"join\",\"docId\":\"%s\",\"clientId\":\"h-y\",\"name\":\"\\u0007\",\"color\":\"#000000\"}",
            "{\"type\":\"join\",\"docId\":\"%s\",\"clientId\":\"h-y\",\"name\":\"n\",\"color\":\"#FFFFFF\"}",
            "{\"type\":\"join\",\"docId\":\"%s\",\"clientId\":\"h-y\",\"name\":\"n\",\"color\":\"#000000\","
                    + "\"knownRevision\":-1}",
            "{\"type\":\"join\",\"docId\":\"%s\",\"clientId\":\"h-y\",\"name\":\"n\",\"color\":\"#000000\","
                    + "\"knownRevision\":2147483648}");

    @Override
    public String name() {
        return "pre-join garbage";
    }

    @Override
    public void run(Random random, FuzzTarget target) throws Exception {
        String doc = target.anyDocument(random);
        try (HostileConnection connection = target.open(doc, random)) {
            for (int i = 0; i < 1 + random.nextInt(3) && connection.isOpen(); i++) {
                if (random.nextInt(4) == 0) {
                    Outcome outcome = connection.exchange(Frames.PING);
                    target.tally.expect(name(), Frames.PING, outcome, o -> o.isReply("pong"), "pong");
                    continue;
                }
                String frame = random.nextInt(3) == 0 ? garbage(random)
                        : FIXED.get(random.nextInt(FIXED.size())).replace("%s", doc);
                target.tally.answered(name(), frame, connection.exchange(frame));
            }
        }
    }

    /** Printable and not so printable characters, JSON-ish punctuation among them. */
    static String garbage(Random random) {
        String alphabet = "{}[]\":,\\ntrufalse0123456789.-+eE \t\r\nxyz\u00e9\u20ac\ud83c\udf0d";
        StringBuilder out = new StringBuilder();
        int length = 1 + random.nextInt(60);
        for (int i = 0; i < length; i++) {
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            if (Character.isSurrogate(c)) {
                continue; // only whole pairs: this family's frames are valid UTF-8
            }
            out.append(c);
        }
        return out.toString();
    }
}
