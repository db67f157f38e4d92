package dev.tandem.system.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Keyboard;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One person at the web client: their own browser context (profile, storage, cookies) and tab, with their name and
 * color set before the app loads, as the start page would have remembered them. Only the app's documented hooks
 * are used: the {@code data-testid}s, the Download button for the whole text, CodeMirror's contenteditable.
 */
final class Person implements AutoCloseable {
    static final int WIDTH = 860;
    static final int HEIGHT = 520;
    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    private final BrowserContext context;
    private final Page page;
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final int height;

    Person(String name, String color, BrowserContext context, int height) {
        this.name = name;
        this.context = context;
        this.height = height;
        context.setDefaultTimeout(20_000);
        context.addInitScript("localStorage.setItem('tandem.name', " + jsString(name) + ");"
                + " localStorage.setItem('tandem.color', " + jsString(color) + ");"
                + " localStorage.setItem('tandem.theme', 'light');");
        this.page = context.newPage();
        page.onPageError(pageErrors::add);
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                consoleErrors.add(message.text());
            }
        });
        page.onDialog(dialog -> {
            pageErrors.add("a dialog opened: " + dialog.message());
            dialog.dismiss();
        });
    }

    /** Opens {@code /d/{docId}} on {@code origin} and waits until the editor is connected. */
    Person open(String origin, String docId) {
        page.navigate(origin + "/d/" + docId);
        awaitOnline();
        return this;
    }

    Page page() {
        return page;
    }

    BrowserContext context() {
        return context;
    }

    Locator byTestId(String testId) {
        return page.getByTestId(testId);
    }

    void awaitOnline() {
        page.locator("[data-testid=connection-status][data-state=online]").waitFor();
    }

    void awaitOffline() {
        page.locator("[data-testid=connection-status][data-state=offline]").waitFor();
    }

    /** Edits not yet acknowledged by the server ({@code save-state}'s {@code data-unsaved}). */
    int unsaved() {
        return Integer.parseInt(byTestId("save-state").getAttribute("data-unsaved"));
    }

    /** The last revision this tab has applied, -1 before it has joined. */
    int revision() {
        String revision = byTestId("doc-revision").getAttribute("data-revision");
        return revision == null || revision.isEmpty() ? -1 : Integer.parseInt(revision);
    }

    boolean isOnline() {
        return "online".equals(byTestId("connection-status").getAttribute("data-state"));
    }

    /** The whole text, as the Download button gives it (CodeMirror renders only the lines in view). */
    String text() {
        Download download = page.waitForDownload(() -> byTestId("download").click());
        try {
            return Files.readString(download.path(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts the caret at the end of line {@code line} (1-based). */
    Person caretAtEndOfLine(int line) {
        page.locator(".cm-content").focus();
        page.keyboard().press("Escape"); // an open completion list would take the arrow keys
        page.keyboard().press("Control+Home");
        for (int i = 1; i < line; i++) {
            page.keyboard().press("ArrowDown");
        }
        page.keyboard().press("End");
        return this;
    }

    /** Puts the caret at the very end of the text. */
    Person caretAtEnd() {
        page.locator(".cm-content").focus();
        page.keyboard().press("Escape");
        page.keyboard().press("Control+End");
        return this;
    }

    /** Types key by key, {@code delayMs} between keys, as a person does (the editor's auto-close applies). */
    Person type(String text, int delayMs) {
        page.keyboard().type(text, new Keyboard.TypeOptions().setDelay(delayMs));
        return this;
    }

    /** Inserts text at the caret in one input, as a paste does (no auto-indent, no auto-closed brackets). */
    Person paste(String text) {
        page.keyboard().insertText(text);
        return this;
    }

    Person press(String key) {
        page.keyboard().press(key);
        return this;
    }

    /** Uncaught exceptions in the tab, and dialogs (the app never opens one while the test runs). */
    List<String> pageErrors() {
        return List.copyOf(pageErrors);
    }

    /**
     * What the tab logged as an error to its console: the app's own {@code console.error}s and the browser's (a
     * failed request, such as a 404, or a WebSocket that cannot connect).
     */
    List<String> consoleErrors() {
        return List.copyOf(consoleErrors);
    }

    byte[] screenshot() {
        page.mouse().move(1, height - 1); // off the last button clicked, which would show its hover look
        return page.screenshot();
    }

    /** {@code value} as a JavaScript string literal (JSON's quoting). */
    private static String jsString(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
