package dev.pyramid.rest;

import dev.pyramid.calibration.CalibrateAction;
import dev.pyramid.calibration.CalibrateRequest;

import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.BytesRestResponse;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.tasks.LoggingTaskListener;
import org.opensearch.tasks.Task;
import org.opensearch.transport.client.node.NodeClient;

import java.io.IOException;
import java.util.List;

import static org.opensearch.rest.RestRequest.Method.POST;

/**
 * {@code POST /<index>/_pyramid/calibrate}: fits the {@code depth: auto} controller of one field to the index's own
 * vectors (see {@link CalibrateRequest} for the body). Like {@code _reindex}, {@code wait_for_completion=false}
 * answers at once with {@code {"task": "<node>:<id>"}}; {@code GET _tasks/<task>} then shows progress and, once
 * done, the response, which the task manager keeps in the tasks index.
 */
public final class RestCalibrateAction extends BaseRestHandler {

    public static final String PATH = "/{index}/_pyramid/calibrate";

    @Override
    public String getName() {
        return "pyramid_calibrate_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(POST, PATH));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        if (request.hasContentOrSourceParam() == false) {
            throw new IllegalArgumentException("[calibrate] requires a body naming the field, e.g. {\"field\": \"embedding\"}");
        }
        CalibrateRequest calibrate;
        try (XContentParser parser = request.contentOrSourceParamParser()) {
            calibrate = CalibrateRequest.fromXContent(request.param("index"), parser);
        }
        if (request.paramAsBoolean("wait_for_completion", true)) {
            return channel -> client.executeLocally(CalibrateAction.INSTANCE, calibrate, new RestToXContentListener<>(channel));
        }
        ActionRequestValidationException invalid = calibrate.validate();
        if (invalid != null) {
            throw invalid;
        }
        calibrate.setShouldStoreResult(true);
        return channel -> {
            Task task = client.executeLocally(CalibrateAction.INSTANCE, calibrate, LoggingTaskListener.instance());
            XContentBuilder builder = channel.newBuilder();
            builder.startObject().field("task", client.getLocalNodeId() + ":" + task.getId()).endObject();
            channel.sendResponse(new BytesRestResponse(RestStatus.OK, builder));
        };
    }
}
