package dev.pyramid.bench.lucene;

import dev.pyramid.bench.BenchEnvironment;

import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A benchmark index kept between runs of the exploratory tools ({@code SearchProfile}, {@code ControllerSweep}) in
 * {@code target/bench-indices/profile-<format>}, built by {@link IndexBuild} when missing or when asked to.
 */
public final class ProfileIndex {

    private ProfileIndex() {}

    public static Directory open(BenchFormat format, BenchDataset data, boolean rebuild) throws IOException {
        Path dir = BenchEnvironment.repoRoot().resolve("target/bench-indices/profile-" + format.id());
        if (rebuild || Files.exists(dir.resolve("segments_2")) == false) {
            IOUtils.rm(dir);
            Files.createDirectories(dir);
            try (Directory directory = FSDirectory.open(dir)) {
                System.err.println("built " + format.id() + ": " + IndexBuild.build(directory, format.format().apply(data.dimension()), data.corpus()));
            }
        }
        return FSDirectory.open(dir);
    }
}
