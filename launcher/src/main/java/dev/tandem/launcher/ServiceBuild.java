package dev.tandem.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds the services when their jars are missing or older than any source they are made from, with the project's
 * own Maven wrapper and {@code -am}, so the sibling modules come from this build and never from {@code ~/.m2}: a
 * fresh clone needs no {@code mvn install}. Then copies each service's build output into the run's state directory,
 * so a rebuild while the system runs cannot pull a jar from under a process.
 */
final class ServiceBuild {

    static final List<String> SERVICES = List.of("sequencer-service", "snapshot-service", "gateway-service");

    private ServiceBuild() {
    }

    static Path runJar(Path root, String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Why a build is needed, or empty if every service jar is newer than all of its sources. */
    static Optional<String> staleReason(Path root) {
        for (String module : SERVICES) {
            Path jar = runJar(root, module);
            if (!Files.isRegularFile(jar)) {
                return Optional.of(module + " is not built yet");
            }
            FileTime built = lastModified(jar);
            List<Path> sources = new ArrayList<>(List.of(root.resolve(module).resolve("src/main"),
                    root.resolve(module).resolve("pom.xml"), root.resolve("protocol/src/main"),
                    root.resolve("protocol/pom.xml"), root.resolve("ot-core/src/main"), root.resolve("pom.xml")));
            if (module.equals("gateway-service")) {
                sources.addAll(List.of(root.resolve("web-client/src"), root.resolve("web-client/package.json"),
                        root.resolve("web-client/package-lock.json"), root.resolve("web-client/pom.xml")));
            }
            for (Path source : sources) {
                Optional<Path> newer = newerThan(source, built);
                if (newer.isPresent()) {
                    return Optional.of(root.relativize(newer.get()) + " changed since " + module + " was built");
                }
            }
        }
        return Optional.empty();
    }

    /** Runs the build in the foreground, its output on this terminal; throws if it fails. */
    static void build(Path root) {
        if (!commandExists("npm")) {
            throw new Supervisor.StartupException("the build needs npm (Node 20) for the web client, and none is on "
                    + "the PATH: install Node.js 20 and npm (e.g. apt-get install -y nodejs npm)");
        }
        var command = List.of(root.resolve("mvnw").toString(), "-q", "-B", "package", "-DskipTests",
                "-pl", String.join(",", SERVICES), "-am");
        Console.say("building the services: " + String.join(" ", command.subList(1, command.size())));
        try {
            int exit = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new Supervisor.StartupException("the build failed (exit code " + exit + ", output above)");
            }
        } catch (IOException e) {
            throw new Supervisor.StartupException("could not run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Supervisor.StartupException("the build was interrupted");
        }
    }

    /** Replaces {@code apps/<module>} with a copy of each service's {@code target/quarkus-app}. */
    static void copyApps(Path root, Path apps) throws IOException {
        for (String module : SERVICES) {
            Path source = root.resolve(module).resolve("target/quarkus-app");
            if (!Files.isRegularFile(source.resolve("quarkus-run.jar"))) {
                throw new Supervisor.StartupException(module + " is not built: run ./tandem up without --no-build, "
                        + "or ./mvnw package -DskipTests");
            }
            Path target = apps.resolve(module);
            deleteTree(target);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Optional<Path> newerThan(Path source, FileTime built) {
        if (!Files.exists(source)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(source)) {
            return files.filter(Files::isRegularFile).filter(f -> lastModified(f).compareTo(built) > 0).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean commandExists(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }
}
