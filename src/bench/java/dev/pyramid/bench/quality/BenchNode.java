package dev.pyramid.bench.quality;

import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real OpenSearch 3.5.0 node for a benchmark: either one given by URL, or one this class starts with
 * {@code bin/opensearch-node} (stock distribution plus the plugin zip built by {@code bin/bench}) and stops on close.
 * Talks JSON over HTTP.
 */
final class BenchNode implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String url;
    private final Path startedDir;
    private final Path repo;

    private BenchNode(String url, Path startedDir, Path repo) {
        this.url = url;
        this.startedDir = startedDir;
        this.repo = repo;
    }

    static BenchNode at(String url) {
        return new BenchNode(url, null, null);
    }

    /** Starts a node under {@code target/<name>} of the repository, on free ports. */
    static BenchNode start(Path repo, String name) throws IOException, InterruptedException {
        Path dir = repo.resolve("target").resolve(name);
        Path zip;
        try (var files = Files.list(repo.resolve("target"))) {
            zip = files.filter(p -> p.getFileName().toString().matches("opensearch-pyramid-.*\\.zip")).findFirst().orElseThrow(
                () -> new IllegalStateException("no plugin zip under target/: run through bin/bench, which builds it")
            );
        }
        int httpPort = freePort();
        int transportPort = freePort();
        Process process = new ProcessBuilder(
            List.of(
                "bash",
                repo.resolve("bin/opensearch-node").toString(),
                "start",
                "--dir",
                dir.toString(),
                "--http-port",
                Integer.toString(httpPort),
                "--transport-port",
                Integer.toString(transportPort),
                "--heap",
                "2g",
                "--plugin",
                zip.toString()
            )
        ).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("bin/opensearch-node start failed (logs in " + dir.resolve("logs") + ")");
        }
        return new BenchNode("http://127.0.0.1:" + httpPort, dir, repo);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    Map<String, Object> request(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(30));
        builder.header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json");
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return XContentHelper.convertToMap(JsonXContent.jsonXContent, response.body(), false);
    }

    /** Deletes the index if it exists. */
    void deleteIndex(String index) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/" + index)).DELETE().build();
        http.send(request, HttpResponse.BodyHandlers.discarding());
    }

    Map<String, Object> info() throws IOException, InterruptedException {
        return request("GET", "/", null);
    }

    private static String abbreviate(String body) {
        return body.length() > 2000 ? body.substring(0, 2000) + "..." : body;
    }

    @Override
    public void close() {
        if (startedDir == null) {
            return;
        }
        try {
            new ProcessBuilder(List.of("bash", repo.resolve("bin/opensearch-node").toString(), "stop", "--dir", startedDir.toString()))
                .inheritIO()
                .start()
                .waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
