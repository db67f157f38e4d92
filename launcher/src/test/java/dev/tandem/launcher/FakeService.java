package dev.tandem.launcher;

import java.net.InetAddress;
import java.net.ServerSocket;

/** A stand-in process for the supervision tests: {@code FakeService <port>} listens until killed; {@code fail} exits 1. */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("fail")) {
            System.out.println("failing on purpose");
            System.exit(1);
        }
        try (var socket = new ServerSocket(Integer.parseInt(args[0]), 50, InetAddress.getLoopbackAddress())) {
            System.out.println("listening on " + socket.getLocalPort());
            while (true) {
                socket.accept().close();
            }
        }
    }
}
