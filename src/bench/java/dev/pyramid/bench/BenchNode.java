package dev.pyramid.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The node a benchmark talks to: either one it starts with {@code bin/opensearch-node} (the stock 3.5.0 distribution
 * with the plugin zips that {@code bin/bench} builds and copies under {@code target/}; as an unprivileged user when run
 * as root) and stops at the end, or one already running at a given URL, left as it is.
 */
final class BenchNode implements AutoCloseable {

    private final Path repo;
    private final Path dir;
    private final String url;
    private final boolean started;

    private BenchNode(Path repo, Path dir, String url, boolean started) {
        this.repo = repo;
        this.dir = dir;
        this.url = url;
        this.started = started;
    }

    /** A node already running at {@code url}. */
    static BenchNode connect(String url) {
        return new BenchNode(null, null, url, false);
    }

    /**
     * Starts a fresh single-node cluster on free loopback ports, under {@code target/bench-node}, with the plugins the
     * systems need ({@code pyramid}: this plugin's zip; {@code knn}: the k-NN peer).
     */
    static BenchNode start(Path repo, List<String> plugins, String heap) throws IOException, InterruptedException {
        return start(repo, repo.resolve("target/bench-node"), plugins, heap, false, List.of());
    }

    /**
     * Starts a single-node cluster under {@code dir}. With {@code keepData}, the indices of an earlier start in the same
     * directory are kept (a benchmark that resumes); {@code launchPrefix} runs the launcher under another command,
     * e.g. one that joins a memory cgroup first ({@link MemoryCgroup#launchPrefix}), which the node inherits.
     */
    static BenchNode start(Path repo, Path dir, List<String> plugins, String heap, boolean keepData, List<String> launchPrefix)
        throws IOException, InterruptedException {
        return start(repo, dir, plugins, heap, keepData, launchPrefix, null);
    }

    /** As above, with {@code models} (a directory of model directories, or null) copied into the node's config. */
    static BenchNode start(Path repo, Path dir, List<String> plugins, String heap, boolean keepData, List<String> launchPrefix, Path models)
        throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launchPrefix);
        command.addAll(
            List.of(
                "bash",
                repo.resolve("bin/opensearch-node").toString(),
                "start",
                "--dir",
                dir.toString(),
                "--http-port",
                Integer.toString(freePort()),
                "--transport-port",
                Integer.toString(freePort()),
                "--heap",
                heap
            )
        );
        if (keepData) {
            command.addAll(List.of("--keep-data", "true"));
        }
        if (models != null) {
            command.addAll(List.of("--models", models.toString()));
        }
        for (String plugin : plugins.stream().distinct().toList()) {
            command.add("--plugin");
            command.add(pluginZip(repo, plugin).toString());
        }
        run(command);
        String url = Files.readString(dir.resolve("http.url")).trim();
        return new BenchNode(repo, dir, url, true);
    }

    private static Path pluginZip(Path repo, String plugin) throws IOException {
        Path target = repo.resolve("target");
        String prefix = switch (plugin) {
            case "pyramid" -> "opensearch-pyramid-";
            case "knn" -> "distributions/opensearch-knn-";
            default -> throw new IllegalArgumentException("unknown plugin [" + plugin + "], expected pyramid or knn");
        };
        Path folder = target.resolve(prefix).getParent();
        String name = target.resolve(prefix).getFileName().toString();
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(name) && f.toString().endsWith(".zip"))
                .findFirst()
                .orElseThrow(() -> new IOException("no " + name + "*.zip in " + folder + ": run bin/bench, which packages the plugin"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(String.format(Locale.ROOT, "%s exited with %d", String.join(" ", command), exit));
        }
    }

    String url() {
        return url;
    }

    /** Where the node's logs are, for the record; null for a node this tool did not start. */
    Path logs() {
        return dir == null ? null : dir.resolve("logs");
    }

    @Override
    public void close() {
        if (started == false) {
            return;
        }
        try {
            run(List.of("bash", repo.resolve("bin/opensearch-node").toString(), "stop", "--dir", dir.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
