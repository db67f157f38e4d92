package dev.tandem.system.fuzz;

import dev.tandem.protocol.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * The WebSocket layer: binary frames (MALFORMED_MESSAGE, docs/protocol.md section 3), an empty text frame, a
 * valid ping split into fragments (even inside a multi-byte character: it must get pong), an unsolicited pong
 * frame. Before and after join.
 */
final class TransportFrames implements AttackFamily {

    @Override
    public String name() {
        return "transport frames";
    }

    @Override
    public void run(Random random, FuzzTarget target) throws Exception {
        String doc = target.anyDocument(random);
        boolean join = random.nextBoolean();
        try (HostileConnection connection = join ? target.joined(name(), doc, target.hostileClientId(), random)
                : target.open(doc, random)) {
            if (connection == null) {
                return;
            }
            switch (random.nextInt(4)) {
                case 0 -> {
                    byte[] payload = new byte[random.nextInt(200)];
                    random.nextBytes(payload);
                    if (random.nextBoolean()) {
                        payload = Frames.PING.getBytes(StandardCharsets.UTF_8); // even a valid message
                    }
                    Outcome outcome = connection.exchange(RawWebSocket.BINARY, payload);
                    target.tally.expect(name(), "binary frame of " + payload.length + " bytes", outcome,
                            o -> o.isError(ErrorCode.MALFORMED_MESSAGE), "error MALFORMED_MESSAGE");
                }
                case 1 -> target.tally.answered(name(), "empty text frame",
                        connection.exchange(RawWebSocket.TEXT, new byte[0]));
                case 2 -> {
                    byte[] ping = "{\"type\":\"ping\",\"x\":\"\u00e9\u20ac\ud83c\udf0d\"}".getBytes(StandardCharsets.UTF_8);
                    int[] cuts = fragments(random, ping.length);
                    for (int i = 0; i + 1 < cuts.length; i++) {
                        connection.send(i == 0 ? RawWebSocket.TEXT : RawWebSocket.CONTINUATION, i + 2 == cuts.length,
                                Arrays.copyOfRange(ping, cuts[i], cuts[i + 1]));
                    }
                    target.tally.expect(name(), "a ping in " + (cuts.length - 1) + " fragments",
                            connection.await(), o -> o.isReply("pong"), "pong");
                }
                default -> {
                    connection.send(RawWebSocket.PONG, true, new byte[] {1, 2, 3});
                    target.tally.expect(name(), "unsolicited pong frame, then ping",
                            connection.exchange(Frames.PING), o -> o.isReply("pong"), "pong");
                }
            }
        }
    }

    /** Cut points 0 < ... < length for 2 to 4 fragments. */
    static int[] fragments(Random random, int length) {
        int pieces = 2 + random.nextInt(3);
        return java.util.stream.IntStream.concat(java.util.stream.IntStream.of(0, length),
                        random.ints(pieces - 1, 1, length)).distinct().sorted().toArray();
    }
}
