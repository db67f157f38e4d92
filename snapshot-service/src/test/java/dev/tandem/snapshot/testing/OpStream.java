package dev.tandem.snapshot.testing;

import dev.tandem.ot.Ot;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ChatMessage;
import dev.tandem.protocol.Edit;
import dev.tandem.protocol.LanguageChange;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TextEdit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded stream of valid committed edits for one document, as a sequencer would publish them, with the text
 * and language after each revision: the reference the projection is checked against. Mostly typing and deleting
 * (with astral characters and the odd U+0000), some language changes and chat, and now and then an idle pause
 * long enough to start a new editing session.
 */
public final class OpStream {
    private static final String[] AUTHORS = {"Ada", "Grace", "Linus"};
    private static final String[] LANGUAGES = {"python", "java", "markdown", "c++"};
    private static final String[] PIECES = {"a", "hello", " ", "\n", "é", "🌍", "def f():\n", "\u0000", "x = 1;"};

    private final String docId;
    private final Random random;
    private final List<OpCommitted> ops = new ArrayList<>();
    private final List<String> texts = new ArrayList<>(List.of(""));
    private final List<String> languages = new ArrayList<>(List.of(LanguageChange.DEFAULT));
    private Instant clock;

    public OpStream(String docId, long seed, Instant start) {
        this.docId = docId;
        this.random = new Random(seed);
        this.clock = start;
    }

    /** A stream whose first revision is committed shortly after 2025-01-15T09:00:00Z. */
    public OpStream(String docId, long seed) {
        this(docId, seed, Instant.parse("2025-01-15T09:00:00Z"));
    }

    /** Generates the next revision. */
    public OpCommitted next() {
        return next(random.nextInt(200) == 0 ? Duration.ofMinutes(6 + random.nextInt(60))
                : Duration.ofMillis(1 + random.nextInt(1000)));
    }

    /** Generates the next revision, committed {@code after} the previous one. */
    public OpCommitted next(Duration after) {
        return next(after, random.nextInt(20));
    }

    /** Generates a chat message as the next revision, committed {@code after} the previous one. */
    public OpCommitted nextChat(Duration after) {
        return next(after, 1);
    }

    /** Generates a text edit as the next revision, committed {@code after} the previous one. */
    public OpCommitted nextText(Duration after) {
        return next(after, 2);
    }

    /** Generates a language change as the next revision, committed {@code after} the previous one. */
    public OpCommitted nextLanguage(Duration after) {
        return next(after, 0);
    }

    /** dice 0: a language change, 1: a chat message, else a text edit. */
    private OpCommitted next(Duration after, int dice) {
        clock = clock.plus(after);
        int revision = ops.size() + 1;
        String text = texts.get(revision - 1);
        String language = languages.get(revision - 1);
        Edit edit;
        if (dice == 0) {
            language = LANGUAGES[random.nextInt(LANGUAGES.length)];
            edit = new LanguageChange(language);
        } else if (dice == 1) {
            edit = new ChatMessage("message at revision " + revision + " 🚀");
        } else {
            TextOperation op = textOperation(text);
            text = Ot.apply(text, op);
            edit = new TextEdit(op);
        }
        int author = random.nextInt(AUTHORS.length);
        OpCommitted committed = new OpCommitted(docId, revision, "c-" + AUTHORS[author].toLowerCase(),
                revision, edit, clock, AUTHORS[author]);
        ops.add(committed);
        texts.add(text);
        languages.add(language);
        return committed;
    }

    /** Generates {@code count} revisions and returns them. */
    public List<OpCommitted> next(int count) {
        List<OpCommitted> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(next());
        }
        return batch;
    }

    private TextOperation textOperation(String text) {
        int length = text.codePointCount(0, text.length());
        int at = random.nextInt(length + 1);
        TextOperation.Builder op = TextOperation.builder().retain(at);
        if (length > at && (random.nextInt(3) == 0 || length > 2000)) {
            op.delete(1 + random.nextInt(Math.min(20, length - at)));
        }
        if (random.nextInt(4) != 0) {
            op.insert(PIECES[random.nextInt(PIECES.length)]);
        }
        return op.build();
    }

    public String docId() {
        return docId;
    }

    public int head() {
        return ops.size();
    }

    public List<OpCommitted> ops() {
        return List.copyOf(ops);
    }

    public OpCommitted op(int revision) {
        return ops.get(revision - 1);
    }

    public String textAt(int revision) {
        return texts.get(revision);
    }

    public String languageAt(int revision) {
        return languages.get(revision);
    }
}
