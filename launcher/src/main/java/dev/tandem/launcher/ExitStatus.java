package dev.tandem.launcher;

/** Says how a process ended, from its exit value (128 + n means killed by signal n on Linux). */
final class ExitStatus {

    private ExitStatus() {
    }

    static String describe(int exitValue) {
        return switch (exitValue) {
            case 0 -> "exited normally";
            case 137 -> "was killed (SIGKILL)";
            case 143 -> "was terminated (SIGTERM)";
            case 130 -> "was interrupted (SIGINT)";
            case 134 -> "aborted (SIGABRT)";
            case 139 -> "crashed (SIGSEGV)";
            default -> exitValue > 128 && exitValue < 160 ? "was killed by signal " + (exitValue - 128)
                    : "exited with code " + exitValue;
        };
    }
}
