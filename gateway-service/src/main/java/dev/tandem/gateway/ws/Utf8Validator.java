package dev.tandem.gateway.ws;

import io.netty.buffer.ByteBuf;

/**
 * Checks that a message's bytes are UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
 * fed fragment by fragment; it fails at the first byte that cannot continue a valid sequence, as RFC 6455
 * section 8.1 asks of an endpoint ("fail the WebSocket connection" on invalid UTF-8 in a text message).
 */
final class Utf8Validator {

    /** Continuation bytes still expected. */
    private int need;
    /** The range of the next continuation byte (narrower after E0, ED, F0, F4). */
    private int lo = 0x80;
    private int hi = 0xBF;
    private long offset;

    /** Starts a new message. */
    void reset() {
        need = 0;
        lo = 0x80;
        hi = 0xBF;
        offset = 0;
    }

    /** Feeds the readable bytes of {@code buf} (not consumed); -1 if they are valid so far, else the offset of the bad byte. */
    long feed(ByteBuf buf) {
        for (int i = buf.readerIndex(), end = buf.writerIndex(); i < end; i++, offset++) {
            int b = buf.getByte(i) & 0xFF;
            if (need == 0) {
                if (b < 0x80) {
                    continue;
                } else if (b >= 0xC2 && b <= 0xDF) {
                    need = 1;
                } else if (b == 0xE0) {
                    need = 2;
                    lo = 0xA0;
                } else if (b == 0xED) {
                    need = 2;
                    hi = 0x9F; // U+D800..U+DFFF are surrogates, not characters
                } else if (b >= 0xE1 && b <= 0xEF) {
                    need = 2;
                } else if (b == 0xF0) {
                    need = 3;
                    lo = 0x90;
                } else if (b >= 0xF1 && b <= 0xF3) {
                    need = 3;
                } else if (b == 0xF4) {
                    need = 3;
                    hi = 0x8F;
                } else {
                    return offset;
                }
            } else {
                if (b < lo || b > hi) {
                    return offset;
                }
                lo = 0x80;
                hi = 0xBF;
                need--;
            }
        }
        return -1;
    }

    /** Whether the message may end here (no sequence cut off). */
    boolean complete() {
        return need == 0;
    }

    /** How many bytes were fed since {@link #reset}. */
    long length() {
        return offset;
    }
}
