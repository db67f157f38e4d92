package dev.tandem.sequencer.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tandem.protocol.TandemJson;
import dev.tandem.sequencer.DocumentCheckpoint;
import dev.tandem.sequencer.DocumentCheckpoint.ClientSeen;
import dev.tandem.sequencer.DocumentCheckpoint.CommittedEdit;

/**
 * The record value of a document checkpoint on {@code tandem.checkpoints}: a version byte, the length of a JSON
 * header (4 bytes, big-endian), the header (everything but the text), then the text as raw UTF-8 to the end.
 * The text is not in the JSON so that its size is bounded by its UTF-8 length (4 bytes per code point at most),
 * whatever it holds; JSON would escape a control character to six.
 *
 * <p>The window is cut to its newest edits whose JSON fits {@code windowBytes}: a restored sequencer refuses
 * older bases with {@code BASE_REVISION_TOO_OLD} (the client resumes), and the record's size has a bound that
 * does not depend on the edits: {@link #maxBytes}.
 */
public final class CheckpointCodec {

    private static final byte VERSION = 1;
    private static final int PREFIX = 1 + Integer.BYTES;
    /** The JSON of one ledger record at most: a 64-character id, a long, an int and the field names. */
    private static final int CLIENT_JSON_BYTES = 160;
    private static final ObjectMapper JSON = TandemJson.newObjectMapper();

    private record Header(String docId, int revision, String language, int forgottenUpTo, String damage,
                          List<ClientSeen> clients, List<CommittedEdit> window) {
    }

    private final int windowBytes;

    public CheckpointCodec(int windowBytes) {
        this.windowBytes = windowBytes;
    }

    /** The largest value {@link #encode} writes for a document of at most {@code maxLength} code points. */
    public static long maxBytes(int maxLength, int clients, int windowBytes) {
        return PREFIX + 4L * maxLength + (long) CLIENT_JSON_BYTES * clients + windowBytes
                + 2L * 1024; // the header's own fields: ids, language, damage are short
    }

    public byte[] encode(DocumentCheckpoint checkpoint) {
        List<CommittedEdit> window = newestWithin(checkpoint.window());
        byte[] header = json(new Header(checkpoint.docId(), checkpoint.revision(), checkpoint.language(),
                checkpoint.forgottenUpTo(), truncated(checkpoint.damage()), checkpoint.clients(), window));
        byte[] text = checkpoint.text().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(PREFIX + header.length + text.length)
                .put(VERSION).putInt(header.length).put(header).put(text).array();
    }

    /**
     * @throws IllegalArgumentException if {@code value} is not a checkpoint this version wrote
     */
    public static DocumentCheckpoint decode(byte[] value) {
        if (value == null || value.length < PREFIX || value[0] != VERSION) {
            throw new IllegalArgumentException("not a version " + VERSION + " checkpoint");
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        buffer.get();
        int headerLength = buffer.getInt();
        if (headerLength < 0 || headerLength > value.length - PREFIX) {
            throw new IllegalArgumentException("checkpoint header length " + headerLength + " exceeds the record");
        }
        Header header;
        try {
            header = JSON.readValue(value, PREFIX, headerLength, Header.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable checkpoint header: " + e.getMessage(), e);
        }
        String text = new String(value, PREFIX + headerLength, value.length - PREFIX - headerLength,
                StandardCharsets.UTF_8);
        return new DocumentCheckpoint(header.docId(), header.revision(), header.language(), text, header.window(),
                header.clients(), header.forgottenUpTo(), header.damage());
    }

    /** The newest edits of {@code window} whose JSON, together, fits the budget. */
    private List<CommittedEdit> newestWithin(List<CommittedEdit> window) {
        long used = 0;
        int from = window.size();
        while (from > 0) {
            used += json(window.get(from - 1)).length + 1;
            if (used > windowBytes) {
                break;
            }
            from--;
        }
        return window.subList(from, window.size());
    }

    /** A damage message is the sequencer's own, but bounded anyway: it may quote an op. */
    private static String truncated(String damage) {
        return damage == null || damage.length() <= 500 ? damage : damage.substring(0, 500) + "...";
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a checkpoint: " + e.getMessage(), e);
        }
    }
}
