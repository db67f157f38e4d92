package dev.tandem.ot.vectors;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared OT test vectors live: {@code testdata/ot-vectors/ot-vectors.json} in the repository. */
final class OtVectors {
    private OtVectors() {
    }

    /**
     * The vectors file: beside the traces folder the build names ({@code tandem.traces.dir}), else found by
     * walking up from the working directory to the folder that holds {@code testdata}.
     */
    static Path file() {
        String traces = System.getProperty("tandem.traces.dir");
        if (traces != null) {
            return Path.of(traces).toAbsolutePath().getParent().getParent().resolve(OtVectorsGenerator.RELATIVE_PATH);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("testdata"))) {
                return dir.resolve(OtVectorsGenerator.RELATIVE_PATH);
            }
        }
        throw new IllegalStateException("no testdata folder above " + Path.of("").toAbsolutePath());
    }
}
