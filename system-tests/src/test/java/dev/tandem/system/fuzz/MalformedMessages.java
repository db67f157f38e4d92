package dev.tandem.system.fuzz;

import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * After a join, messages that break the wire's rules (docs/protocol.md section 1): wrong types, missing fields,
 * huge, negative and non-integer numbers, duplicate keys, deep nesting, unpaired surrogates (as JSON escapes),
 * content after the object, a second join. Each must be answered by an error with a documented code (or, for a
 * ping carrying an ignorable unknown field, by pong), and none may ever commit.
 */
final class MalformedMessages extends JoinedAttack {
    /** Numbers no clientSeq may be (1 to 2^53 - 1, no fraction, no exponent). */
    private static final String[] NOT_A_CLIENT_SEQ = {
            "1e400", "-1e400", "99999999999999999999999999", "9007199254740992", "-1", "0", "-0", "1.5", "1e2",
            "3.0", "1E+0", "0x10", "NaN", "Infinity", "01", "\"1\"", "null", "[1]"};

    /**
     * Numbers no revision (or retain count) may be: 0 is left out, since baseRevision 0 is valid, and so is a
     * string, since in an op a string is an insert.
     */
    private static final String[] NOT_A_REVISION = {
            "1e400", "-1e400", "99999999999999999999999999", "2147483648", "-1", "1.5", "1e2", "3.0", "1E+0",
            "0x10", "NaN", "-Infinity", "01", "[1]"};

    /** (random, revision) to a frame. */
    private static final List<BiFunction<Random, Integer, String>> MUTANTS = List.of(
            (r, rev) -> "{\"type\":\"submit\",\"clientSeq\":\"1\",\"baseRevision\":" + rev
                    + ",\"edit\":{\"kind\":\"text\",\"op\":[\"x\"]}}",
            (r, rev) -> "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":true,\"edit\":{\"kind\":\"text\","
                    + "\"op\":[\"x\"]}}",
            (r, rev) -> "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":" + rev + ",\"edit\":\"x\"}",
            (r, rev) -> "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":" + rev
                    + ",\"edit\":{\"kind\":\"text\",\"op\":{\"a\":1}}}",
            (r, rev) -> "{\"type\":\"submit\",\"baseRevision\":" + rev + ",\"edit\":{\"kind\":\"text\",\"op\":[\"x\"]}}",
            (r, rev) -> "{\"type\":\"submit\",\"clientSeq\":1,\"edit\":{\"kind\":\"text\",\"op\":[\"x\"]}}",
            (r, rev) -> "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":" + rev + "}",
            (r, rev) -> "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":" + rev + ",\"edit\":{\"op\":[\"x\"]}}",
            (r, rev) -> "{\"type\":\"presence\",\"selections\":[]}",
            (r, rev) -> "{\"type\":\"presence\",\"revision\":" + rev + ",\"selections\":\"x\"}",
            (r, rev) -> "{\"type\":\"presence\",\"revision\":" + rev + ",\"selections\":[{\"anchor\":-1,\"head\":0}]}",
            (r, rev) -> "{\"type\":\"presence\",\"revision\":" + rev + ",\"selections\":["
                    + "{\"anchor\":0,\"head\":0},".repeat(100) + "{\"anchor\":0,\"head\":0}]}",
            (r, rev) -> "{\"type\":\"presence\",\"revision\":" + rev
                    + ",\"selections\":[],\"view\":{\"from\":9,\"to\":2}}",
            (r, rev) -> "{\"type\":\"presence\",\"revision\":" + rev + ",\"selections\":[],\"view\":{\"from\":"
                    + pick(r, NOT_A_REVISION) + ",\"to\":2}}",
            (r, rev) -> "{\"type\":\"presence\",\"revision\":" + rev + ",\"selections\":[],\"following\":\"a b\"}",
            (r, rev) -> "{\"type\":\"submit\",\"clientSeq\":" + pick(r, NOT_A_CLIENT_SEQ) + ",\"baseRevision\":"
                    + rev + ",\"edit\":{\"kind\":\"text\",\"op\":[\"x\"]}}",
            (r, rev) -> "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":" + pick(r, NOT_A_REVISION)
                    + ",\"edit\":{\"kind\":\"text\",\"op\":[\"x\"]}}",
            (r, rev) -> Frames.submit(1, rev, "[" + pick(r, NOT_A_REVISION) + ",\"x\"]"),
            (r, rev) -> "{\"type\":\"presence\",\"revision\":" + pick(r, NOT_A_REVISION) + ",\"selections\":[]}",
            (r, rev) -> "{\"type\":\"ping\",\"type\":\"submit\"}",
            (r, rev) -> "{\"type\":\"submit\",\"clientSeq\":1,\"clientSeq\":2,\"baseRevision\":" + rev
                    + ",\"edit\":{\"kind\":\"text\",\"op\":[\"x\"]}}",
            (r, rev) -> "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":" + rev
                    + ",\"edit\":{\"kind\":\"text\",\"kind\":\"chat\",\"op\":[\"x\"],\"text\":\"hi\"}}",
            (r, rev) -> Frames.submit(1, rev, "[" + "[".repeat(depth(r)) + "]".repeat(depth(r)) + "]"),
            (r, rev) -> deepPing(depth(r)),
            (r, rev) -> Frames.submit(1, rev, "[\"" + surrogate(r) + "\"]"),
            (r, rev) -> "{\"type\":\"submit\",\"clientSeq\":1,\"baseRevision\":" + rev
                    + ",\"edit\":{\"kind\":\"chat\",\"text\":\"hi " + surrogate(r) + "\"}}",
            (r, rev) -> "{\"type\":\"ping\"} {\"type\":\"ping\"}",
            (r, rev) -> "{\"type\":\"ping\"}x",
            (r, rev) -> "{\"type\":\"ping\"",
            (r, rev) -> "[{\"type\":\"ping\"}]",
            (r, rev) -> Frames.join("whatever", "h-again"));

    @Override
    public String name() {
        return "malformed messages";
    }

    @Override
    void attack(Random random, FuzzTarget target, HostileConnection connection) throws Exception {
        for (int i = 0; connection.isOpen() && i < 1 + random.nextInt(4); i++) {
            String frame = MUTANTS.get(random.nextInt(MUTANTS.size())).apply(random, connection.lastRevision());
            target.tally.expect(name(), frame, connection.exchange(frame),
                    o -> o.answered() && !o.isReply("ack"), "an answer with a documented code, never an ack");
        }
    }

    private static String pick(Random random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** Deep enough to pass Jackson's default nesting limit (1000) at times. */
    private static int depth(Random random) {
        return new int[] {10, 999, 1001, 5000, 100_000}[random.nextInt(5)];
    }

    private static String deepPing(int depth) {
        return "{\"type\":\"ping\",\"x\":" + "{\"x\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
    }

    /** An unpaired surrogate as a JSON escape (so the frame itself is valid UTF-8). */
    private static String surrogate(Random random) {
        return new String[] {"\\ud800", "\\udfff", "x\\ud83d", "\\ude00y", "\\udc00\\ud800"}[random.nextInt(5)];
    }
}
