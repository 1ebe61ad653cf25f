package dev.pyramid.model;

import org.opensearch.OpenSearchStatusException;
import org.opensearch.core.rest.RestStatus;

import java.util.Locale;

/**
 * A model that is installed but cannot be used: its descriptor, tokenizer or ONNX file does not load, or the model
 * does not compute what its descriptor says. The node's model files need fixing, not the request, hence a 500.
 */
public final class BrokenModelException extends OpenSearchStatusException {

    public BrokenModelException(String model, String problem, Throwable cause) {
        super(String.format(Locale.ROOT, "model [%s] is broken: %s", model, problem), RestStatus.INTERNAL_SERVER_ERROR, cause);
    }

    public BrokenModelException(String model, String problem) {
        this(model, problem, null);
    }
}
