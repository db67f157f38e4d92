package dev.tandem.launcher;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The launcher's voice: {@code [tandem] HH:mm:ss message}, bold on a terminal, errors in red on stderr. */
public final class Console {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final boolean TERMINAL = System.console() != null;

    private Console() {
    }

    public static synchronized void say(String message) {
        print(System.out, "1", message);
    }

    public static synchronized void error(String message) {
        print(System.err, "1;31", message);
    }

    private static void print(PrintStream out, String style, String message) {
        String prefix = TERMINAL ? "\033[" + style + "m[tandem]\033[0m" : "[tandem]";
        out.println(prefix + " " + LocalTime.now().format(TIME) + " " + message);
        out.flush();
    }
}
