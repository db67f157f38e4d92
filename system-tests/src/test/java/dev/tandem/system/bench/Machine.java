package dev.tandem.system.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the figures were measured on: every process of the system shares these cores. */
public final class Machine {
    private Machine() {
    }

    public static List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("cores (nproc): " + Runtime.getRuntime().availableProcessors());
        lines.add("CPU: " + firstValue(Path.of("/proc/cpuinfo"), "model name"));
        lines.add("RAM: " + firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        lines.add("OS: " + firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").replace("\"", "") + ", kernel "
                + System.getProperty("os.version"));
        lines.add("java -version: " + javaVersion());
        return lines;
    }

    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(l.contains(":") ? ':' : '=') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String javaVersion() {
        try {
            Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-version").redirectErrorStream(true).start();
            String text = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            java.waitFor();
            return text.trim().replace("\n", " | ");
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
