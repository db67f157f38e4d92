package dev.tandem.protocol.kafka;

import dev.tandem.protocol.ProtocolException;
import dev.tandem.protocol.TandemJson;
import org.apache.kafka.common.serialization.Deserializer;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * A Kafka value deserializer reading a protocol record with {@link TandemJson}. Configure one of the concrete
 * subclasses by class name.
 *
 * <p>A poison record (a value that is not valid for its topic) must not stop the partition: a deserializer that
 * throws makes every poll fail on that record until someone seeks past it. So an invalid value is logged at
 * WARNING with the topic, the reason and the start of the value, and read as {@code null}, which consumers skip
 * like a tombstone (none of the three topics carries tombstones). A consumer that needs to notice the hole
 * (the snapshot service expects revisions without gaps) sees it there: the next revision is not the one expected.
 */
public abstract class TandemDeserializer<T> implements Deserializer<T> {
    private static final System.Logger LOG = System.getLogger(TandemDeserializer.class.getName());
    private static final int EXCERPT_CHARS = 200;

    /** Reads one value, throwing {@link ProtocolException} when it is not valid. */
    protected abstract T decode(TandemJson json, byte[] data);

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return decode(TandemJson.shared(), data);
        } catch (ProtocolException e) {
            LOG.log(Level.WARNING, () -> "skipping a record on " + topic + " that is not valid ("
                    + e.code() + "): " + e.getMessage() + "; value: " + excerpt(data));
            return null;
        }
    }

    /** The start of the value on one line: control characters escaped, so a record cannot forge log lines. */
    private static String excerpt(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        String cut = text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS) + "...";
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
