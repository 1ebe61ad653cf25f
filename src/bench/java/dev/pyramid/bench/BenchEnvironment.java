package dev.pyramid.bench;

import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Where and when a benchmark ran, written beside every result so that a figure can be traced to its machine, JVM and
 * commit: date, CPU model and count, physical memory, Java version and the repository's HEAD commit (with a
 * {@code -dirty} suffix when the working tree had uncommitted changes).
 */
public record BenchEnvironment(String date, String cpuModel, int cpus, long memoryBytes, String javaVersion, String commit)
    implements
        ToXContentObject {

    /** Reads the environment of the running JVM; {@code repo} is the repository root (for the commit). */
    public static BenchEnvironment current(Path repo) {
        return new BenchEnvironment(
            Instant.now().toString(),
            readCpuModel(),
            Runtime.getRuntime().availableProcessors(),
            physicalMemory(),
            System.getProperty("java.vm.name") + " " + Runtime.version(),
            commit(repo)
        );
    }

    /** The repository root: {@code -Dpyramid.repo} (set by {@code bin/bench}) or the working directory. */
    public static Path repoRoot() {
        return Path.of(System.getProperty("pyramid.repo", ".")).toAbsolutePath().normalize();
    }

    private static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    private static String commit(Path repo) {
        String head = git(repo, "rev-parse", "--short=12", "HEAD");
        String status = git(repo, "status", "--porcelain", "--untracked-files=no");
        return head.isEmpty() ? "unknown" : head + (status.isEmpty() ? "" : "-dirty");
    }

    private static String git(Path repo, String... args) {
        try {
            Process process = new ProcessBuilder(concat(List.of("git", "-C", repo.toString()), args)).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).trim();
            return process.waitFor() == 0 ? out : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.startObject()
            .field("date", date)
            .field("cpu_model", cpuModel)
            .field("cpus", cpus)
            .field("memory_bytes", memoryBytes)
            .field("java", javaVersion)
            .field("commit", commit)
            .endObject();
    }
}
