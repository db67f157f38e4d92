package dev.tandem.system.fuzz;

import dev.tandem.protocol.ErrorCode;

import java.util.Random;

/**
 * Frames at and around every size limit (protocol SizeLimits; F the gateway's largest frame, H = F + 64 KiB the
 * hard limit): a ping padded with an ignorable field to exactly n bytes. Up to F it is a ping (pong); above F up
 * to H it is refused with MESSAGE_TOO_LARGE; above H the gateway closes with 1009 at once. Also the WebSocket
 * header's own length boundaries (125/126, 65535/65536 bytes), which are ordinary pings.
 */
final class SizeLimitFrames extends JoinedAttack {

    @Override
    public String name() {
        return "frames at the size limits";
    }

    @Override
    void attack(Random random, FuzzTarget target, HostileConnection connection) throws Exception {
        int size = size(random, target.maxFrameBytes, target.hardFrameBytes());
        Outcome outcome = connection.exchange(RawWebSocket.TEXT, Frames.paddedPing(size));
        String frame = "a padded ping of " + size + " bytes (F = " + target.maxFrameBytes + ")";
        if (size <= target.maxFrameBytes) {
            target.tally.expect(name(), frame, outcome, o -> o.isReply("pong"), "pong");
        } else if (size <= target.hardFrameBytes()) {
            target.tally.expect(name(), frame, outcome, o -> o.isError(ErrorCode.MESSAGE_TOO_LARGE),
                    "error MESSAGE_TOO_LARGE");
        } else {
            target.tally.expect(name(), frame, outcome, o -> o.isClose(1009), "close 1009");
        }
    }

    static int size(Random random, int f, int hard) {
        int[] sizes = {125, 126, 65535, 65536, f - 1, f, f + 1, f + 1024, hard - 1, hard, hard + 1, hard + 4096,
                2 * f};
        return sizes[random.nextInt(sizes.length)];
    }
}
