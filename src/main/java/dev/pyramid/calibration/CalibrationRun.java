package dev.pyramid.calibration;

import dev.pyramid.controller.ControllerSettings;
import dev.pyramid.settings.PyramidSettings;

import org.opensearch.action.admin.indices.refresh.RefreshRequest;
import org.opensearch.action.admin.indices.settings.put.UpdateSettingsRequest;
import org.opensearch.action.support.broadcast.BroadcastResponse;
import org.opensearch.common.CheckedConsumer;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One calibration, step after step, each step starting when the previous one answers:
 * <ol>
 *   <li><b>refreshing</b>: the index is refreshed so that the shards measure what has been indexed. The steps read
 *       the shards' searchers directly, which, unlike a search, does not wake a search-idle shard's pending refresh:
 *       without it, a calibration just after indexing or a force merge would measure the segments of an older reader
 *       and the next one the new segments;</li>
 *   <li><b>sampling</b>: {@link SampleVectorsAction} draws the pseudo-queries (unless the request gives its own query
 *       vectors);</li>
 *   <li><b>measuring</b>: batch by batch, {@link MeasureAction} finds each pseudo-query's exact answer, the coarse
 *       levels' errors near it, and the answers of every forced depth and of {@code depth: auto} as the field is
 *       configured now;</li>
 *   <li><b>fitting</b>: batch by batch again, {@code depth: auto} with the measured errors at each z of
 *       {@link CalibrationFit#Z_GRID}; {@link CalibrationFit#chooseZ} picks z;</li>
 *   <li><b>persisting</b>: z and the errors go into the index's dynamic settings
 *       ({@code index.pyramid.calibration.<field>.*}), which the cluster keeps and every node's queries read.</li>
 * </ol>
 * The exact answers are recomputed in the fitting batches rather than remembered: doc ids are only comparable within
 * one searcher, and a refresh or merge between batches renumbers them.
 */
final class CalibrationRun {

    /** Pseudo-queries per round of shard requests: small enough for steady progress and prompt cancellation. */
    static final int BATCH_SIZE = 100;

    private final Client client;
    private final CalibrationTask task;
    private final CalibrateRequest request;
    private final String index;
    private final ControllerSettings current;
    private final ActionListener<CalibrateResponse> listener;
    private final long startNanos = System.nanoTime();

    private List<SampledVector> sample;
    private int levelCount;
    private int batches;
    private int batchesDone;
    private LevelErrors errors;

    /**
     * @param client  a client that makes the steps children of {@code task}
     * @param current the field's calibrated settings, or null if it was never calibrated
     */
    CalibrationRun(
        Client client,
        CalibrationTask task,
        CalibrateRequest request,
        String index,
        ControllerSettings current,
        ActionListener<CalibrateResponse> listener
    ) {
        this.client = client;
        this.task = task;
        this.request = request;
        this.index = index;
        this.current = current;
        this.listener = listener;
    }

    void start() {
        status("refreshing");
        client.admin().indices().refresh(new RefreshRequest(index), step(refreshed -> sample()));
    }

    private void sample() {
        status("sampling");
        // with given queries, one sampled vector is enough to check the field on every shard and learn its levels
        int size = request.queries() == null ? request.sample() : 1;
        client.execute(
            SampleVectorsAction.INSTANCE,
            new SampleVectorsRequest(index, request.field(), request.seed(), size),
            step(this::onSample)
        );
    }

    private void onSample(SampleVectorsResponse response) {
        sample = response.sample();
        if (request.queries() != null && sample.isEmpty() == false) {
            List<SampledVector> given = new ArrayList<>();
            for (float[] query : request.queries()) {
                given.add(SampledVector.given(given.size(), query));
            }
            sample = given;
        }
        if (sample.isEmpty()) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[calibrate] index [%s] has no vectors in field [%s] to sample", index, request.field())
            );
        }
        levelCount = response.levelCount();
        batches = (sample.size() + BATCH_SIZE - 1) / BATCH_SIZE;
        errors = new LevelErrors(levelCount - 1);
        List<SearchConfig> configs = new ArrayList<>();
        for (int depth = 1; depth <= levelCount; depth++) {
            configs.add(SearchConfig.forcedDepth(depth));
        }
        configs.add(SearchConfig.auto(current));
        status("measuring");
        measure(0, configs, tallies(configs), true, this::onMeasured);
    }

    private void onMeasured(List<ConfigReport.Tally> tallies) {
        float[] levelErrors = CalibrationFit.levelErrors(errors, index, request.field());
        List<ConfigReport> depths = new ArrayList<>();
        for (int depth = 1; depth <= levelCount; depth++) {
            depths.add(tallies.get(depth - 1).report());
        }
        ConfigReport before = tallies.get(levelCount).report();
        List<SearchConfig> configs = new ArrayList<>();
        for (float z : CalibrationFit.Z_GRID) {
            configs.add(SearchConfig.auto(new ControllerSettings(z, levelErrors)));
        }
        status("fitting");
        measure(0, configs, tallies(configs), false, fitted -> onFitted(levelErrors, before, depths, fitted));
    }

    private void onFitted(float[] levelErrors, ConfigReport before, List<ConfigReport> depths, List<ConfigReport.Tally> tallies) {
        List<ConfigReport> trials = tallies.stream().map(ConfigReport.Tally::report).toList();
        CalibrationFit.Choice choice = CalibrationFit.chooseZ(trials, request.targetRecall());
        String zKey = PyramidSettings.CALIBRATION_Z.getConcreteSettingForNamespace(request.field()).getKey();
        String errorsKey = PyramidSettings.CALIBRATION_LEVEL_ERRORS.getConcreteSettingForNamespace(request.field()).getKey();
        Consumer<Boolean> respond = persisted -> {
            status("done");
            listener.onResponse(
                new CalibrateResponse(
                    request,
                    sample.size(),
                    choice,
                    levelErrors,
                    persisted,
                    zKey,
                    errorsKey,
                    before,
                    depths,
                    trials,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)
                )
            );
        };
        if (request.dryRun()) {
            respond.accept(false);
            return;
        }
        status("persisting");
        List<String> errorStrings = new ArrayList<>();
        for (float error : levelErrors) {
            errorStrings.add(Float.toString(error));
        }
        Settings settings = Settings.builder().put(zKey, choice.z()).putList(errorsKey, errorStrings).build();
        client.admin().indices().updateSettings(new UpdateSettingsRequest(settings, index), step(acknowledged -> respond.accept(true)));
    }

    /** Runs batch {@code batch} and the ones after it, adding every query's outcome to {@code tallies}. */
    private void measure(
        int batch,
        List<SearchConfig> configs,
        List<ConfigReport.Tally> tallies,
        boolean keepErrors,
        Consumer<List<ConfigReport.Tally>> then
    ) {
        if (batch == batches) {
            then.accept(tallies);
            return;
        }
        if (task.isCancelled()) {
            listener.onFailure(new TaskCancelledException("calibration cancelled: " + task.getReasonCancelled()));
            return;
        }
        List<SampledVector> queries = sample.subList(batch * BATCH_SIZE, Math.min(sample.size(), (batch + 1) * BATCH_SIZE));
        client.execute(MeasureAction.INSTANCE, new MeasureRequest(index, request.field(), request.k(), queries, configs), step(response -> {
            add(response, queries.size(), configs.size(), tallies, keepErrors);
            batchesDone++;
            status(task.getStatus().phase());
            measure(batch + 1, configs, tallies, keepErrors, then);
        }));
    }

    private void add(MeasureResponse response, int queries, int configCount, List<ConfigReport.Tally> tallies, boolean keepErrors) {
        List<MeasureResponse.Shard> shards = response.shards();
        int[] shardNumbers = shards.stream().mapToInt(shard -> shard.getShardId().id()).toArray();
        for (int q = 0; q < queries; q++) {
            int query = q;
            long[] exact = ShardHits.mergeTopK(shardNumbers, shards.stream().map(s -> s.queries().get(query).exact()).toList(), request.k());
            for (int c = 0; c < configCount; c++) {
                int config = c;
                List<QueryMeasurement.Result> results = shards.stream().map(s -> s.queries().get(query).results().get(config)).toList();
                long[] found = ShardHits.mergeTopK(shardNumbers, results.stream().map(QueryMeasurement.Result::hits).toList(), request.k());
                tallies.get(c).add(exact, found, results);
            }
        }
        if (keepErrors) {
            for (MeasureResponse.Shard shard : shards) {
                errors.add(shard.errors());
            }
        }
    }

    private List<ConfigReport.Tally> tallies(List<SearchConfig> configs) {
        return configs.stream().map(config -> new ConfigReport.Tally(config, request.k(), levelCount)).toList();
    }

    private void status(String phase) {
        task.status(new CalibrationStatus(phase, sample == null ? 0 : sample.size(), batchesDone, 2 * batches));
    }

    /**
     * A listener for one step: a response with shard failures fails the calibration with the first failure's cause
     * (every shard must take part), and so does anything the next step throws.
     */
    private <T> ActionListener<T> step(CheckedConsumer<T, Exception> next) {
        return ActionListener.wrap(response -> {
            if (response instanceof BroadcastResponse broadcast && broadcast.getFailedShards() > 0) {
                listener.onFailure(ShardCalibrationResults.firstFailure(broadcast.getShardFailures()));
                return;
            }
            next.accept(response);
        }, listener::onFailure);
    }
}
