package io.latchkey.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Files of the repository, found from wherever the tests run (Maven runs them in this module's directory, an IDE
 * perhaps elsewhere): the root is the first directory upwards that holds {@code mvnw}.
 */
final class ProjectFiles {

    /** Reads and writes YAML (compose file, values files) as Jackson trees. */
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Path ROOT = findRoot();

    private ProjectFiles() {
    }

    static Path root() {
        return ROOT;
    }

    /** A path relative to the repository root, e.g. {@code infra/helm/latchkey}. */
    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        return read(path(relative));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Path findRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory above " + start + " holds mvnw: run the tests inside the Latchkey repository");
    }
}
