package dev.pyramid.calibration;

import dev.pyramid.settings.PyramidSettings;

import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.action.support.TransportIndicesResolvingAction;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.metadata.OptionallyResolvedIndices;
import org.opensearch.cluster.metadata.ResolvedIndices;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;
import org.opensearch.transport.client.ParentTaskAssigningClient;

import java.util.Locale;

/**
 * Runs {@link CalibrateAction} on the node that received it: resolves the one index, checks what can be checked
 * before any shard work, and hands the steps to a {@link CalibrationRun} whose requests are children of the
 * calibration's task (so cancelling it cancels them).
 */
public final class TransportCalibrateAction extends HandledTransportAction<CalibrateRequest, CalibrateResponse>
    implements
        TransportIndicesResolvingAction<CalibrateRequest> {

    private final ClusterService clusterService;
    private final IndexNameExpressionResolver indexNameExpressionResolver;
    private final Client client;

    @Inject
    public TransportCalibrateAction(
        TransportService transportService,
        ActionFilters actionFilters,
        ClusterService clusterService,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Client client
    ) {
        super(CalibrateAction.NAME, transportService, actionFilters, CalibrateRequest::new);
        this.clusterService = clusterService;
        this.indexNameExpressionResolver = indexNameExpressionResolver;
        this.client = client;
    }

    @Override
    protected void doExecute(Task task, CalibrateRequest request, ActionListener<CalibrateResponse> listener) {
        try {
            ClusterState state = clusterService.state();
            String index = indexNameExpressionResolver.concreteIndexNames(state, request)[0];
            IndexMetadata metadata = state.metadata().index(index);
            checkSettingsCanNameField(request.field(), index);
            int maxK = PyramidSettings.MAX_K.get(metadata.getSettings());
            if (request.k() > maxK) {
                throw new IllegalArgumentException(
                    String.format(
                        Locale.ROOT,
                        "[calibrate] [k] must be <= [%d] (index setting [%s] of index [%s]), got [%d]",
                        maxK,
                        PyramidSettings.MAX_K.getKey(),
                        index,
                        request.k()
                    )
                );
            }
            new CalibrationRun(
                new ParentTaskAssigningClient(client, clusterService.localNode(), task),
                (CalibrationTask) task,
                request,
                index,
                PyramidSettings.calibration(metadata.getSettings(), request.field()),
                listener
            ).start();
        } catch (Exception e) {
            listener.onFailure(e);
        }
    }

    /** The calibration settings are named after the field: the field's name must fit in a setting's name. */
    private static void checkSettingsCanNameField(String field, String index) {
        if (PyramidSettings.canCalibrate(field) == false) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[calibrate] field [%s] of index [%s] cannot be calibrated: its name does not fit the setting [%s] (no dots)",
                    field,
                    index,
                    PyramidSettings.CALIBRATION_Z.getKey()
                )
            );
        }
    }

    @Override
    public OptionallyResolvedIndices resolveIndices(CalibrateRequest request) {
        return ResolvedIndices.of(indexNameExpressionResolver.concreteIndexNames(clusterService.state(), request));
    }
}
