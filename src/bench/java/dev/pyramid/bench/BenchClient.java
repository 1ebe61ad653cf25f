package dev.pyramid.bench;

import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.RestClient;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * JSON over HTTP to one node, with OpenSearch's low-level REST client (what applications use) and its XContent for
 * bodies. One instance is shared by all client threads: the REST client is thread-safe and pools connections.
 */
final class BenchClient implements Closeable {

    private final RestClient client;
    private final String url;

    BenchClient(String url) {
        URI uri = URI.create(url);
        this.url = url;
        this.client = RestClient.builder(new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort()))
            // loading and force merges answer after minutes, not the client's default 30 s
            .setRequestConfigCallback(config -> config.setResponseTimeout(Timeout.ofMinutes(60)))
            .build();
    }

    String url() {
        return url;
    }

    /** Sends a request and parses its JSON answer; a non-2xx status is an exception carrying the body. */
    Map<String, Object> call(String method, String path, Map<String, ?> body) throws IOException {
        return call(method, path, body == null ? null : json(body));
    }

    Map<String, Object> call(String method, String path, String jsonBody) throws IOException {
        Request request = new Request(method, path);
        if (jsonBody != null) {
            request.setJsonEntity(jsonBody);
        }
        Response response = client.performRequest(request);
        return parse(text(response));
    }

    /** Sends a prepared JSON body and returns the raw answer; for timed loops, which parse outside the timing. */
    String raw(String method, String path, String jsonBody) throws IOException {
        Request request = new Request(method, path);
        request.setJsonEntity(jsonBody);
        return text(client.performRequest(request));
    }

    static Map<String, Object> parse(String json) {
        return XContentHelper.convertToMap(new BytesArray(json), false, MediaTypeRegistry.JSON).v2();
    }

    /** Sends a request whose answer is not needed beyond its status (e.g. an index that may or may not exist). */
    int status(String method, String path) throws IOException {
        Request request = new Request(method, path);
        request.addParameter("ignore", "404");
        return client.performRequest(request).getStatusLine().getStatusCode();
    }

    /** Sends an already serialised bulk body (newline-delimited JSON). */
    Map<String, Object> bulk(String path, String ndjson) throws IOException {
        Request request = new Request("POST", path);
        request.setEntity(new StringEntity(ndjson, ContentType.create("application/x-ndjson")));
        Response response = client.performRequest(request);
        return parse(text(response));
    }

    private static String text(Response response) throws IOException {
        if (response.getEntity() == null) {
            return "{}";
        }
        try {
            return EntityUtils.toString(response.getEntity());
        } catch (ParseException e) {
            throw new IOException("unreadable answer: " + e.getMessage(), e);
        }
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
    public void close() throws IOException {
        client.close();
    }
}
