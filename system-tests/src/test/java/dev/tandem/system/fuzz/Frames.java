package dev.tandem.system.fuzz;

import java.nio.charset.StandardCharsets;

/** Well-formed frames of the protocol, as text, for attacks to send or to start from. */
final class Frames {
    static final String PING = "{\"type\":\"ping\"}";

    private Frames() {
    }

    static String join(String docId, String clientId) {
        return "{\"type\":\"join\",\"docId\":\"" + docId + "\",\"clientId\":\"" + clientId
                + "\",\"name\":\"fuzz\",\"color\":\"#1f77b4\"}";
    }

    static String join(String docId, String clientId, int knownRevision) {
        return "{\"type\":\"join\",\"docId\":\"" + docId + "\",\"clientId\":\"" + clientId
                + "\",\"name\":\"fuzz\",\"color\":\"#1f77b4\",\"knownRevision\":" + knownRevision + "}";
    }

    /** A text submit; {@code op} is the op's JSON as written (it may be anything). */
    static String submit(long clientSeq, int baseRevision, String op) {
        return "{\"type\":\"submit\",\"clientSeq\":" + clientSeq + ",\"baseRevision\":" + baseRevision
                + ",\"edit\":{\"kind\":\"text\",\"op\":" + op + "}}";
    }

    /**
     * A {@code ping} of exactly {@code bytes} bytes of UTF-8, padded with an unknown field (which a reader ignores),
     * so its only fault, if any, is its size.
     */
    static byte[] paddedPing(int bytes) {
        String head = "{\"type\":\"ping\",\"pad\":\"";
        String tail = "\"}";
        int pad = bytes - head.length() - tail.length();
        if (pad < 0) {
            throw new IllegalArgumentException("a padded ping has at least " + (head.length() + tail.length())
                    + " bytes, not " + bytes);
        }
        byte[] frame = new byte[bytes];
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, frame, 0, h.length);
        java.util.Arrays.fill(frame, h.length, h.length + pad, (byte) 'a');
        byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, frame, h.length + pad, t.length);
        return frame;
    }

    /** A JSON string literal of {@code s} (escaping quotes, backslashes and control characters only). */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
