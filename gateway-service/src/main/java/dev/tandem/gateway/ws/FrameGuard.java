package dev.tandem.gateway.ws;

import org.jboss.logging.Logger;

import dev.tandem.gateway.observe.ClientErrors;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.ServerMessage;
import dev.tandem.protocol.TandemJson;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The checks Vert.x does not make, on the Netty channel of one WebSocket connection, between the frame decoder and
 * Vert.x (which would otherwise decode invalid UTF-8 leniently to U+FFFD, and answer a message beyond its size
 * limit with an exception but no close):
 * <ul>
 * <li>a message (all its fragments) longer than the hard limit closes the connection at once with 1009, at the
 *     fragment that crosses it, without buffering the rest; a single frame beyond it is refused by Netty's
 *     decoder from its header ({@code max-frame-size} is the same hard limit), which only raises an exception:
 *     this closes with 1009 then ({@link #exceptionCaught});</li>
 * <li>a text message that is not UTF-8 gets a fatal MALFORMED_MESSAGE and close 1007 (RFC 6455 section 8.1),
 *     at the first bad byte.</li>
 * </ul>
 * Frames after such a close are dropped. One instance per channel; Netty calls it on the channel's event loop.
 */
final class FrameGuard extends ChannelInboundHandlerAdapter {

    static final String NAME = "tandem-frame-guard";
    private static final Logger LOG = Logger.getLogger(FrameGuard.class);

    private final int hardLimit;
    private final String remoteAddress;
    private final ClientErrors errors;
    private final Utf8Validator utf8 = new Utf8Validator();
    private long messageBytes;
    private boolean text;
    private boolean refused;

    FrameGuard(int hardLimit, String remoteAddress, ClientErrors errors) {
        this.hardLimit = hardLimit;
        this.remoteAddress = remoteAddress;
        this.errors = errors;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        boolean data = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame;
        if (data) {
            messageBytes = 0;
            text = frame instanceof TextWebSocketFrame;
            utf8.reset();
        }
        if (data || frame instanceof ContinuationWebSocketFrame) {
            messageBytes += frame.content().readableBytes();
            if (messageBytes > hardLimit) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, 1009, "message larger than " + hardLimit + " bytes", null);
                return;
            }
            if (text) {
                long bad = utf8.feed(frame.content());
                if (bad < 0 && frame.isFinalFragment() && !utf8.complete()) {
                    bad = utf8.length();
                }
                if (bad >= 0) {
                    ReferenceCountUtil.release(msg);
                    refuse(ctx, 1007, "invalid UTF-8", new ServerMessage.Error(ErrorCode.MALFORMED_MESSAGE,
                            "a text frame must be UTF-8 (RFC 6455, section 8.1); byte " + bad
                                    + " of this message is not"));
                    return;
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * Netty's decoder refuses a frame beyond {@code max-frame-size} from its header, but as Vert.x configures it
     * it only raises this exception (which Vert.x passes to the endpoint's error handler) and closes nothing: close
     * here, with the status it names (1009 for a frame too large, 1002 for a protocol violation).
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            if (!refused) {
                WebSocketCloseStatus status = corrupted.closeStatus();
                refuse(ctx, status.code(), status.code() == 1009 ? "frame larger than " + hardLimit + " bytes"
                        : status.reasonText(), null);
            }
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private void refuse(ChannelHandlerContext ctx, int closeCode, String reason, ServerMessage.Error error) {
        refused = true;
        LOG.debugf("closing the WebSocket of %s with %d: %s", remoteAddress, closeCode, reason);
        errors.frameRefused(closeCode, remoteAddress, ctx.channel().id().asShortText());
        if (error != null) {
            ctx.write(new TextWebSocketFrame(TandemJson.shared().encode(error)));
            errors.errorSent(error.code(), remoteAddress, ctx.channel().id().asShortText());
        }
        ctx.writeAndFlush(new CloseWebSocketFrame(closeCode, reason)).addListener(ChannelFutureListener.CLOSE);
    }
}
