package dev.tandem.ot.trace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ot.TextOperation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A recorded editing session from {@code testdata/traces} (josephg/editing-traces format): the start text, the
 * expected end text, and every patch as a {@link TextOperation}, in order. Patches are JavaScript splices
 * {@code [position, deleteCount, insertText]} in code points, each relative to the text after the previous one.
 */
public record EditingTrace(String name, String startContent, String endContent, List<TextOperation> operations) {

    /** System property naming the traces folder; the build sets it to {@code testdata/traces}. */
    public static final String DIRECTORY_PROPERTY = "tandem.traces.dir";

    /** The traces folder, from {@value #DIRECTORY_PROPERTY} or found by walking up from the working directory. */
    public static Path directory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testdata/traces");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no testdata/traces folder above " + Path.of("").toAbsolutePath()
                + "; set -D" + DIRECTORY_PROPERTY);
    }

    /** Every {@code *.json.gz} trace in {@link #directory()}, sorted by name. */
    public static List<Path> files() {
        try (Stream<Path> list = Files.list(directory())) {
            return list.filter(p -> p.getFileName().toString().endsWith(".json.gz")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the trace named {@code name} (file name without {@code .json.gz}). */
    public static EditingTrace load(String name) {
        return load(directory().resolve(name + ".json.gz"));
    }

    public static EditingTrace load(Path file) {
        String name = file.getFileName().toString().replace(".json.gz", "");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
             JsonParser parser = new ObjectMapper().getFactory().createParser(in)) {
            String start = "";
            String end = null;
            List<TextOperation> ops = new ArrayList<>();
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "startContent" -> start = parser.getText();
                    case "endContent" -> end = parser.getText();
                    case "txns" -> readTransactions(parser, ops);
                    default -> parser.skipChildren();
                }
            }
            return new EditingTrace(name, start, end, List.copyOf(ops));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + file, e);
        }
    }

    private static void readTransactions(JsonParser parser, List<TextOperation> ops) throws IOException {
        expect(parser.currentToken(), JsonToken.START_ARRAY);
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("patches")) {
                    while (parser.nextToken() == JsonToken.START_ARRAY) {
                        parser.nextToken();
                        int position = parser.getIntValue();
                        parser.nextToken();
                        int deleted = parser.getIntValue();
                        parser.nextToken();
                        String inserted = parser.getText();
                        expect(parser.nextToken(), JsonToken.END_ARRAY);
                        ops.add(TextOperation.builder().retain(position).delete(deleted).insert(inserted).build());
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }
}
