package dev.pyramid.calibration;

import dev.pyramid.controller.ControllerSettings;

import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.test.AbstractWireSerializingTestCase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What crosses nodes during a calibration survives the wire; the response's JSON has the documented shape. */
public class CalibrateResponseWireTests extends AbstractWireSerializingTestCase<CalibrateResponse> {

    @Override
    protected CalibrateResponse createTestInstance() {
        CalibrateRequest request = new CalibrateRequest(randomAlphaOfLength(5)).field(randomAlphaOfLength(4))
            .targetRecall(randomDoubleBetween(0.5, 1, true))
            .k(randomIntBetween(1, 100))
            .seed(randomLong());
        List<ConfigReport> trials = new ArrayList<>();
        for (float z : CalibrationFit.Z_GRID) {
            trials.add(report(0, z));
        }
        List<ConfigReport> depths = List.of(report(1, Float.NaN), report(2, Float.NaN), report(3, Float.NaN));
        CalibrationFit.Choice choice = CalibrationFit.chooseZ(trials, request.targetRecall());
        return new CalibrateResponse(
            request,
            randomIntBetween(1, 10_000),
            choice,
            new float[] { randomFloat(), randomFloat() },
            randomBoolean(),
            "index.pyramid.calibration." + request.field() + ".z",
            "index.pyramid.calibration." + request.field() + ".level_errors",
            report(0, Float.NaN),
            depths,
            trials,
            randomNonNegativeLong() % 100_000
        );
    }

    private static ConfigReport report(int depth, float z) {
        return new ConfigReport(
            depth,
            z,
            randomIntBetween(0, 1000),
            randomDouble(),
            randomDouble(),
            new double[] { randomDouble(), randomDouble(), randomDouble() },
            new double[] { randomDouble() * 100, randomDouble() * 10, randomDouble() * 10 }
        );
    }

    @Override
    protected Writeable.Reader<CalibrateResponse> instanceReader() {
        return CalibrateResponse::new;
    }

    @SuppressWarnings("unchecked")
    public void testJsonShape() throws IOException {
        CalibrateResponse response = createTestInstance();
        Map<String, Object> json;
        try (XContentBuilder builder = JsonXContent.contentBuilder()) {
            response.toXContent(builder, ToXContent.EMPTY_PARAMS);
            json = XContentHelper.convertToMap(org.opensearch.core.common.bytes.BytesReference.bytes(builder), false, MediaTypeRegistry.JSON).v2();
        }
        for (String key : List.of("index", "field", "k", "seed", "target_recall", "queries", "z", "level_errors", "target_reached", "recall", "persisted", "settings", "before", "depths", "trials", "took_ms")) {
            assertTrue("missing [" + key + "] in " + json.keySet(), json.containsKey(key));
        }
        Map<String, Object> before = (Map<String, Object>) json.get("before");
        assertEquals("auto", before.get("depth"));
        assertFalse("a report without calibration settings has no z", before.containsKey("z"));
        assertEquals(3, ((Map<String, Object>) before.get("stopped_at_level")).size());
        assertEquals(2, ((List<Object>) ((List<Object>) json.get("depths")).stream().map(d -> ((Map<String, Object>) d).get("depth")).toList()).get(1));
    }

    public void testStepsSurviveTheWire() throws IOException {
        SampledVector vector = new SampledVector(randomLong(), randomAlphaOfLength(6), new float[] { randomFloat(), randomFloat() });
        SampledVector copy = copyWriteable(vector, writableRegistry(), SampledVector::new);
        assertEquals(vector.key(), copy.key());
        assertEquals(vector.id(), copy.id());
        assertArrayEquals(vector.vector(), copy.vector(), 0f);

        SearchConfig config = SearchConfig.auto(new ControllerSettings(1.5f, new float[] { 0.02f, 0.004f }));
        assertEquals(config.settings(), copyWriteable(config, writableRegistry(), SearchConfig::new).settings());
        assertNull(copyWriteable(SearchConfig.forcedDepth(2), writableRegistry(), SearchConfig::new).settings());

        QueryMeasurement measurement = new QueryMeasurement(
            new ShardHits(new int[] { 3, 1 }, new float[] { 0.9f, 0.8f }),
            List.of(new QueryMeasurement.Result(new ShardHits(new int[] { 3 }, new float[] { 0.9f }), 2, new long[] { 40, 7, 0 }))
        );
        QueryMeasurement measured = copyWriteable(measurement, writableRegistry(), QueryMeasurement::new);
        assertEquals(measurement.exact(), measured.exact());
        assertEquals(measurement.results().get(0).hits(), measured.results().get(0).hits());
        assertEquals(2, measured.results().get(0).deepestLevel());
        assertArrayEquals(new long[] { 40, 7, 0 }, measured.results().get(0).scoredPerLevel());

        CalibrationStatus status = new CalibrationStatus("fitting", 1000, 13, 20);
        BytesStreamOutput out = new BytesStreamOutput();
        status.writeTo(out);
        assertEquals(status, new CalibrationStatus(out.bytes().streamInput()));
    }
}
