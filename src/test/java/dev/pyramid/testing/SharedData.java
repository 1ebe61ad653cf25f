package dev.pyramid.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Locates the shared test data ({@code shared/data}, kept beside the repository and never copied into it). The build
 * passes its location as the system property {@value #PROPERTY}; when that is unset or not a directory (e.g. a copy
 * of the repository in another folder), the nearest {@code shared/data} found walking up from the working directory
 * is used. Missing data fails the test: the tests that need it must not silently pass without it.
 */
public final class SharedData {

    public static final String PROPERTY = "pyramid.shared.data";

    private SharedData() {}

    /** The shared data directory. */
    public static Path dir() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && configured.isBlank() == false && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path workingDir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = workingDir; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "shared test data not found: system property [%s] is [%s] and no shared/data directory exists in [%s] or "
                    + "above it; check out shared/ beside the repository or pass -D%s=<dir>",
                PROPERTY,
                configured,
                workingDir,
                PROPERTY
            )
        );
    }

    /** A file or directory inside the shared data directory, e.g. {@code "scifact/beir/corpus.jsonl"}; it must exist. */
    public static Path path(String relative) {
        Path dir = dir();
        Path path = dir.resolve(relative);
        if (Files.exists(path) == false) {
            throw new IllegalStateException(String.format(Locale.ROOT, "shared test data [%s] not found in [%s]", relative, dir));
        }
        return path;
    }
}
