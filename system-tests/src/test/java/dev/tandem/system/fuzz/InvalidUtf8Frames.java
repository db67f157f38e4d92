package dev.tandem.system.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Text frames whose bytes are not UTF-8 (RFC 6455 section 8.1: the endpoint fails the connection, close code
 * 1007): overlong forms, lone continuation bytes, UTF-8-encoded surrogates, code points past U+10FFFF, bytes that
 * never occur, sequences cut short; inside a ping's unknown field, an insert, a join's name, or bare. Before and
 * after join. The answer must be close 1007, and nothing may commit.
 */
final class InvalidUtf8Frames implements AttackFamily {
    private static final byte[][] INVALID = {
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xC3, 0x28}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xED, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80,
            (byte) 0x80, (byte) 0x80}, {(byte) 0xFE}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x8C}};

    @Override
    public String name() {
        return "invalid UTF-8";
    }

    @Override
    public void run(Random random, FuzzTarget target) throws Exception {
        boolean join = random.nextBoolean();
        String doc = target.anyDocument(random);
        try (HostileConnection connection = join ? target.joined(name(), doc, target.hostileClientId(), random)
                : target.open(doc, random)) {
            if (connection == null) {
                return;
            }
            byte[] frame = frame(random, doc, Math.max(0, connection.lastRevision()));
            Outcome outcome = connection.exchange(RawWebSocket.TEXT, frame);
            target.tally.expect(name(), describe(frame), outcome, o -> o.closedBy(1007), "close 1007");
        }
    }

    /** A frame with one invalid sequence somewhere a reader would look. */
    static byte[] frame(Random random, String doc, int revision) {
        byte[] bad = INVALID[random.nextInt(INVALID.length)];
        String[] around = switch (random.nextInt(4)) {
            case 0 -> new String[] {"{\"type\":\"ping\",\"x\":\"", "\"}"};
            case 1 -> new String[] {"{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":" + revision
                    + ",\"edit\":{\"kind\":\"text\",\"op\":[\"a", "b\"]}}"};
            case 2 -> new String[] {"{\"type\":\"join\",\"docId\":\"" + doc + "\",\"clientId\":\"h-u\",\"name\":\"",
                    "\",\"color\":\"#000000\"}"};
            default -> new String[] {"", ""};
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(around[0].getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bad);
        out.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static String describe(byte[] frame) {
        StringBuilder out = new StringBuilder();
        for (byte b : frame) {
            out.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02X", b & 0xFF));
        }
        return out.toString();
    }

    static byte[][] invalidSequences() {
        return INVALID.clone();
    }
}
