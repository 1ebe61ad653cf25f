package dev.pyramid.calibration;

import org.opensearch.ExceptionsHelper;
import org.opensearch.action.NoShardAvailableActionException;
import org.opensearch.action.support.broadcast.BroadcastShardOperationFailedException;
import org.opensearch.core.action.support.DefaultShardOperationFailedException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Sorts a broadcast's per-shard outcomes into responses and failures. Calibration needs every shard (a missing one
 * would bias the recall it measures), so {@link #firstFailure} turns any failure into the calibration's failure.
 */
final class ShardCalibrationResults {

    private ShardCalibrationResults() {}

    static <T> List<T> responses(AtomicReferenceArray<?> outcomes, Class<T> type) {
        List<T> responses = new ArrayList<>();
        for (int i = 0; i < outcomes.length(); i++) {
            if (type.isInstance(outcomes.get(i))) {
                responses.add(type.cast(outcomes.get(i)));
            }
        }
        return responses;
    }

    static List<DefaultShardOperationFailedException> failures(AtomicReferenceArray<?> outcomes, Class<?> responseType) {
        List<DefaultShardOperationFailedException> failures = new ArrayList<>();
        for (int i = 0; i < outcomes.length(); i++) {
            Object outcome = outcomes.get(i);
            if (outcome instanceof BroadcastShardOperationFailedException failed) {
                failures.add(new DefaultShardOperationFailedException(failed));
            } else if (outcome == null || responseType.isInstance(outcome) == false) {
                // no active copy of the shard, or an unexpected outcome
                failures.add(
                    new DefaultShardOperationFailedException(
                        new NoShardAvailableActionException(null, "shard [" + i + "] of the calibrated index has no active copy")
                    )
                );
            }
        }
        return failures;
    }

    /** The cause of the first shard failure, unwrapped so that its status (e.g. 400 for bad input) carries through. */
    static Exception firstFailure(DefaultShardOperationFailedException[] failures) {
        if (failures.length == 0) {
            return null;
        }
        Throwable cause = ExceptionsHelper.unwrapCause(failures[0].getCause());
        return cause instanceof Exception exception ? exception : new RuntimeException(cause);
    }
}
