package dev.tandem.system.fuzz;

import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * WebSocket paths that name no valid document (a well-formed read-only id, {@code ro_} and 22 base64url characters,
 * names one, as does any other valid identifier): SQL, NUL, dot-dot and over-long ids, empty ids, other paths. The
 * upgrade may be refused (never with 5xx); if it is accepted, a join must be refused with a documented code.
 */
final class BadPaths implements AttackFamily {
    static final List<String> PATHS = List.of(
            "/ws/docs/x'%20or%201=1--", "/ws/docs/a%00b", "/ws/docs/%2e%2e%2f", "/ws/docs/..%2f..%2fetc%2fpasswd",
            "/ws/docs/", "/ws/docs", "/ws/docs/" + "a".repeat(65), "/ws/docs/%ZZ", "/ws/docs/a%20b",
            "/ws/docs/%F0%9F%8C%8D", "/ws/docs/a/b", "/ws/nope", "/ws/docs/%C0%AF",
            "/ws/docs/ro_%2e%2e");

    @Override
    public String name() {
        return "bad WebSocket paths";
    }

    @Override
    public void run(Random random, FuzzTarget target) throws Exception {
        String path = PATHS.get(random.nextInt(PATHS.size()));
        target.tally.sent();
        RawWebSocket socket;
        try {
            socket = RawWebSocket.connect(FuzzTarget.HOST, target.gatewayPort, path, random);
        } catch (RawWebSocket.UpgradeRefused refused) {
            target.tally.count("http " + refused.status);
            if (refused.status >= 500) {
                target.tally.fail(name(), "expected no 5xx for an upgrade, got " + refused.status, path);
            }
            return;
        } catch (IOException e) {
            target.tally.fail(name(), "expected an HTTP answer, got " + e, path);
            return;
        }
        try (HostileConnection connection = new HostileConnection(target, socket)) {
            String id = path.substring(path.lastIndexOf('/') + 1);
            String join = Frames.join(id.replace("\"", ""), target.hostileClientId());
            target.tally.expect(name(), path + " then " + join, connection.exchange(join),
                    o -> o.answered() && !o.isReply("snapshot") && !o.isReply("resumed"),
                    "a refusal with a documented code (the path names no valid document)");
        }
    }
}
