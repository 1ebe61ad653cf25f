package dev.pyramid.calibration;

import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.CancellableTask;

import java.util.Map;

/**
 * The task of one calibration: cancellable ({@code POST _tasks/<id>/_cancel} stops it between batches, and its running
 * shard batches with it), and reporting its {@link CalibrationStatus}. Written by the calibration's steps, which run
 * one after another; read by the tasks API from any thread, hence the single volatile snapshot.
 */
public final class CalibrationTask extends CancellableTask {

    private volatile CalibrationStatus status = new CalibrationStatus("refreshing", 0, 0, 0);

    public CalibrationTask(long id, String type, String action, String description, TaskId parentTaskId, Map<String, String> headers) {
        super(id, type, action, description, parentTaskId, headers);
    }

    @Override
    public boolean shouldCancelChildrenOnCancellation() {
        return true;
    }

    void status(CalibrationStatus status) {
        this.status = status;
    }

    @Override
    public CalibrationStatus getStatus() {
        return status;
    }
}
