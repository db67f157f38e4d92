package dev.tandem.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** docs/protocol.md, read by the tests that keep its examples true (ProtocolDocTest, HistoryDocTest). */
public final class ProtocolDoc {
    private ProtocolDoc() {
    }

    /** The document's lines. */
    public static List<String> lines() {
        try {
            return Files.readAllLines(path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Set by the build ({@code tandem.protocol.doc}); found from the working directory when run from an IDE. */
    private static Path path() {
        String configured = System.getProperty("tandem.protocol.doc");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs/protocol.md");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/protocol.md not found; set -Dtandem.protocol.doc");
    }
}
