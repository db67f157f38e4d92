package dev.tandem.protocol;

/**
 * The one source of every size limit (docs/protocol.md, section 12). The edge admits frames of at most
 * {@code maxFrameBytes}; every hop behind it is sized from that number plus the growth of its envelope, so an
 * edit the gateway accepts always fits the records, topics and fetches that carry it:
 *
 * <pre>
 * frame (client)           ≤ F                                   MESSAGE_TOO_LARGE at the gateway
 * WebSocket hard limit       F + {@link #ENVELOPE_MARGIN_BYTES}    close 1009, nothing buffered beyond it
 * EditSubmitted value      ≤ F + envelope (ids, name, instant) &lt; {@link #maxRecordValueBytes}
 * OpCommitted value        ≤ {@link #maxRecordValueBytes}         else EditRejected MESSAGE_TOO_LARGE (sequencer)
 * producer max.request.size, topic max.message.bytes, broker message.max.bytes, consumer max.partition.fetch.bytes
 *                          = {@link #maxKafkaRecordBytes}
 * </pre>
 *
 * Re-encoding never lengthens a frame's content (the codec writes no whitespace, and escapes only what JSON
 * requires a client to escape too), so {@code EditSubmitted} exceeds the frame by at most its envelope: the two
 * ids, the author's name and an instant, well under the margin. A transformed op may grow (a retain gains digits,
 * a delete splits around a concurrent insert), by an amount no frame limit bounds: the sequencer measures the
 * encoded {@code OpCommitted} and refuses one that does not fit rather than fail the transaction.
 */
public final class SizeLimits {

    /** The default largest frame a client may send: 1 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

    /** Room for each hop's envelope and a transformed op's growth: 64 KiB. */
    public static final int ENVELOPE_MARGIN_BYTES = 64 << 10;

    /** Kafka's own bytes around one record value: batch header, record header, the key (a docId), headers. */
    public static final int KAFKA_RECORD_OVERHEAD_BYTES = 4 << 10;

    private SizeLimits() {
    }

    /** Frames above this are closed at once with 1009 (Message Too Big), without being buffered whole. */
    public static int hardFrameBytes(int maxFrameBytes) {
        return checked(maxFrameBytes) + ENVELOPE_MARGIN_BYTES;
    }

    /** The largest value (encoded JSON) of a record on tandem.edits or tandem.ops. */
    public static int maxRecordValueBytes(int maxFrameBytes) {
        return checked(maxFrameBytes) + ENVELOPE_MARGIN_BYTES;
    }

    /**
     * What every Kafka size setting on the path is set to: producers' {@code max.request.size}, the topics'
     * {@code max.message.bytes}, the broker's {@code message.max.bytes} and consumers'
     * {@code max.partition.fetch.bytes}.
     */
    public static int maxKafkaRecordBytes(int maxFrameBytes) {
        return maxRecordValueBytes(maxFrameBytes) + KAFKA_RECORD_OVERHEAD_BYTES;
    }

    private static int checked(int maxFrameBytes) {
        if (maxFrameBytes < 1024 || maxFrameBytes > (64 << 20)) {
            throw new IllegalArgumentException("the largest frame must be between 1 KiB and 64 MiB, was "
                    + maxFrameBytes);
        }
        return maxFrameBytes;
    }
}
