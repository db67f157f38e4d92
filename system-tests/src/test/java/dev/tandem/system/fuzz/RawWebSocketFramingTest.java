package dev.tandem.system.fuzz;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawWebSocketFramingTest {

    @Test
    void aMaskedHelloIsTheRfcsExample() {
        // RFC 6455 section 5.7: a single-frame masked text message containing "Hello"
        byte[] frame = RawWebSocket.encode(RawWebSocket.TEXT, true, "Hello".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0x37, (byte) 0xfa, 0x21, 0x3d});
        assertThat(frame).containsExactly(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    }

    @Test
    void lengthsUseTheSevenSixteenAndSixtyFourBitForms() {
        byte[] mask = {1, 2, 3, 4};
        assertThat(RawWebSocket.encode(RawWebSocket.TEXT, true, new byte[125], mask)[1] & 0xFF).isEqualTo(0x80 | 125);
        byte[] at126 = RawWebSocket.encode(RawWebSocket.TEXT, true, new byte[126], mask);
        assertThat(Arrays.copyOfRange(at126, 1, 4)).containsExactly(0x80 | 126, 0, 126);
        byte[] at65535 = RawWebSocket.encode(RawWebSocket.TEXT, true, new byte[65535], mask);
        assertThat(Arrays.copyOfRange(at65535, 1, 4)).containsExactly(0x80 | 126, 0xFF, 0xFF);
        byte[] at65536 = RawWebSocket.encode(RawWebSocket.BINARY, false, new byte[65536], mask);
        assertThat(at65536[0] & 0xFF).isEqualTo(0x02);
        assertThat(Arrays.copyOfRange(at65536, 1, 10)).containsExactly(0x80 | 127, 0, 0, 0, 0, 0, 1, 0, 0);
        assertThat(at65536).hasSize(2 + 8 + 4 + 65536);
    }

    @Test
    void whatIsEncodedDecodesBackWhateverTheBytes() throws Exception {
        byte[] invalidUtf8 = {'{', (byte) 0xC0, (byte) 0xAF, '}'};
        for (byte[] payload : new byte[][] {new byte[0], invalidUtf8, new byte[300], new byte[70_000]}) {
            byte[] frame = RawWebSocket.encode(RawWebSocket.TEXT, true, payload, new byte[] {9, 8, 7, 6});
            RawWebSocket.Frame decoded = RawWebSocket.decode(new ByteArrayInputStream(frame));
            assertThat(decoded.fin()).isTrue();
            assertThat(decoded.opcode()).isEqualTo(RawWebSocket.TEXT);
            assertThat(decoded.payload()).isEqualTo(payload);
        }
    }

    @Test
    void aServersUnmaskedCloseFrameGivesItsCodeAndReason() throws Exception {
        byte[] frame = {(byte) 0x88, 0x05, 0x03, (byte) 0xEF, 'b', 'a', 'd'}; // 1007 "bad"
        RawWebSocket.Frame decoded = RawWebSocket.decode(new ByteArrayInputStream(frame));
        assertThat(decoded.opcode()).isEqualTo(RawWebSocket.CLOSE);
        assertThat(RawWebSocket.closed(decoded.payload())).isEqualTo(new RawWebSocket.Closed(1007, "bad"));
        assertThat(RawWebSocket.closed(new byte[0]).code()).isEqualTo(1005);
    }

    @Test
    void aFrameCutShortIsAnEndNotAFrame() {
        byte[] cut = {(byte) 0x81, 0x05, 'H', 'e'};
        assertThatThrownBy(() -> RawWebSocket.decode(new ByteArrayInputStream(cut))).isInstanceOf(EOFException.class);
    }
}
