package dev.pyramid.bench;

import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON over HTTP/1.1 to one node, with the JDK's HTTP client and OpenSearch's XContent for bodies. One instance is
 * shared by all client threads: the client is thread-safe and keeps a connection per concurrent request.
 *
 * <p>Why not OpenSearch's low-level REST client: its HTTP library (httpcore5 5.4) never sets {@code TCP_NODELAY} on
 * the connections it opens (its {@code SingleCoreIOReactor.prepareSocket} skips the option while the socket is not
 * connected yet), and it writes a request's headers and body in two writes, so Nagle's algorithm holds the body until
 * the server's delayed ACK of the headers: about 40 ms on every search with a vector body (checked with strace).
 * That stall is the client's, not the server's, and would hide every figure under a 40 ms floor.
 */
final class BenchClient implements Closeable {

    // loading and force merges answer after minutes
    private static final Duration TIMEOUT = Duration.ofMinutes(60);

    private final HttpClient client;
    private final String url;

    BenchClient(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
    }

    String url() {
        return url;
    }

    /** Sends a request and parses its JSON answer; a non-2xx status is an exception carrying the body. */
    Map<String, Object> call(String method, String path, Map<String, ?> body) throws IOException {
        return call(method, path, body == null ? null : json(body));
    }

    Map<String, Object> call(String method, String path, String jsonBody) throws IOException {
        return parse(raw(method, path, jsonBody));
    }

    /** Sends a JSON body (or none) and returns the raw answer; for timed loops, which parse outside the timing. */
    String raw(String method, String path, String jsonBody) throws IOException {
        return send(method, path, jsonBody, "application/json", true).body();
    }

    /** Sends a request whose answer is not needed beyond its status (e.g. an index that may or may not exist). */
    int status(String method, String path) throws IOException {
        return send(method, path, null, "application/json", false).statusCode();
    }

    /** Sends an already serialised bulk body (newline-delimited JSON). */
    Map<String, Object> bulk(String path, String ndjson) throws IOException {
        return parse(send("POST", path, ndjson, "application/x-ndjson", true).body());
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType, boolean failOnError)
        throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(TIMEOUT);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + method + " " + path, e);
        }
        if (failOnError && (response.statusCode() < 200 || response.statusCode() >= 300)) {
            throw new IOException(String.format(Locale.ROOT, "%s %s answered %d: %s", method, path, response.statusCode(), response.body()));
        }
        return response;
    }

    static Map<String, Object> parse(String json) {
        return XContentHelper.convertToMap(new BytesArray(json), false, MediaTypeRegistry.JSON).v2();
    }

    static String json(Map<String, ?> body) throws IOException {
        try (XContentBuilder builder = JsonXContent.contentBuilder()) {
            builder.map(body);
            return builder.toString();
        }
    }

    /** Walks a parsed JSON answer: keys for objects, numbers (as strings) for arrays. */
    @SuppressWarnings("unchecked")
    static Object path(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(key);
            } else if (current instanceof List<?> list) {
                current = list.get(Integer.parseInt(key));
            } else {
                return null;
            }
        }
        return current;
    }

    @Override
    public void close() {
        client.close();
    }
}
