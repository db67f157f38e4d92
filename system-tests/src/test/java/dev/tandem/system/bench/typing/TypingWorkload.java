package dev.tandem.system.bench.typing;

import java.time.Duration;

/**
 * One cell of the typing benchmark, with the definitions of the ShareDB peer harness
 * ({@code ../shared/peers/sharedb/README.md}): {@code documents} × {@code clientsPerDocument} typists, each inserting
 * one character at a random place on an open-loop schedule of {@code ratePerClient} keystrokes/s, the intervals
 * {@code 1000/R ms × U(1 - jitter, 1 + jitter)}; {@code warmUp} typed but not measured, then {@code measured}.
 */
public record TypingWorkload(int documents, int clientsPerDocument, double ratePerClient, Duration warmUp,
                             Duration measured, double jitter, Duration drainTimeout) {

    public static final double JITTER = 0.5;
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);

    public TypingWorkload {
        if (documents < 1 || clientsPerDocument < 1 || !(ratePerClient > 0) || measured.isNegative()
                || measured.isZero() || warmUp.isNegative()) {
            throw new IllegalArgumentException("not a workload: " + documents + "x" + clientsPerDocument + "x"
                    + ratePerClient + ", warm-up " + warmUp + ", measured " + measured);
        }
    }

    public static TypingWorkload of(int documents, int clientsPerDocument, double ratePerClient, Duration warmUp,
                                    Duration measured) {
        return new TypingWorkload(documents, clientsPerDocument, ratePerClient, warmUp, measured, JITTER,
                DRAIN_TIMEOUT);
    }

    public TypingWorkload withRate(double rate) {
        return new TypingWorkload(documents, clientsPerDocument, rate, warmUp, measured, jitter, drainTimeout);
    }

    /** Keystrokes per second asked of the system: D·C·R. */
    public double targetPerSecond() {
        return documents * clientsPerDocument * ratePerClient;
    }

    public int clients() {
        return documents * clientsPerDocument;
    }

    /** {@code D×C×R}, as the tables name a cell. */
    public String label() {
        String rate = ratePerClient == Math.rint(ratePerClient) ? String.valueOf((long) ratePerClient)
                : String.valueOf(ratePerClient);
        return documents + "×" + clientsPerDocument + "×" + rate;
    }
}
