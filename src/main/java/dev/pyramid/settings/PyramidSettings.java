package dev.pyramid.settings;

import dev.pyramid.controller.ControllerSettings;

import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;

import java.util.List;

/** The plugin's settings, declared once and registered by the plugin. */
public final class PyramidSettings {

    private PyramidSettings() {}

    /**
     * Whether the plugin serves the codec of an index, which {@code pyramid_vector} fields need: their vectors go to
     * the {@code Pyramid1} format, everything else stays with the codec {@code index.codec} selects. Set at index
     * creation, never changed: segments written with and without it must not mix in one index.
     *
     * <p>Why a setting: OpenSearch 3.5 lets one plugin per index replace the codec service, decided from the index
     * settings alone before any mapping exists, and its additional named codecs cannot replace {@code default}. A
     * plugin that needs a per-field vectors format must therefore either claim every index (and collide with any other
     * plugin that claims some, e.g. k-NN's {@code index.knn}) or be asked to by a setting. Pyramid asks.
     */
    public static final Setting<Boolean> ENABLED = Setting.boolSetting(
        "index.pyramid.enabled",
        false,
        Setting.Property.IndexScope,
        Setting.Property.Final
    );

    /**
     * Whether the stored {@code _source} leaves out the vectors of top-level {@code pyramid_vector} fields, which the
     * segments keep at full precision anyway, and gets them back from there on every read (fetch, GET, update,
     * reindex, recovery). The k-NN plugin's {@code index.knn.derived_source.enabled} does the same for its fields.
     * Vectors come back as their float32 values; a {@code cosine} field's vector is left in the source unless it was
     * sent at unit length (its float level keeps the normalised vector). Set at index creation, like the codec it
     * chooses.
     */
    public static final Setting<Boolean> DERIVED_SOURCE_ENABLED = Setting.boolSetting(
        "index.pyramid.derived_source.enabled",
        true,
        Setting.Property.IndexScope,
        Setting.Property.Final
    );

    /**
     * The largest {@code k} an {@code spi_pyramid} query may ask of one shard. Like {@code index.max_result_window}
     * it bounds the memory a single request can make a shard spend on candidates; 10,000 matches the k-NN plugin.
     */
    public static final Setting<Integer> MAX_K = Setting.intSetting(
        "index.pyramid.max_k",
        10_000,
        1,
        1_000_000,
        Setting.Property.IndexScope,
        Setting.Property.Dynamic
    );

    /**
     * Calibrated controller confidence for a field, {@code index.pyramid.calibration.<field>.z}: how many level errors
     * a score gap must exceed to count as certain. Written by {@code POST <index>/_pyramid/calibrate}.
     */
    public static final Setting.AffixSetting<Float> CALIBRATION_Z = Setting.affixKeySetting(
        "index.pyramid.calibration.",
        "z",
        key -> Setting.floatSetting(key, ControllerSettings.DEFAULT_Z, 0f, Setting.Property.IndexScope, Setting.Property.Dynamic)
    );

    /**
     * Calibrated score error of each coarse level of a field, coarse to fine,
     * {@code index.pyramid.calibration.<field>.level_errors}. Written by {@code POST <index>/_pyramid/calibrate}.
     */
    public static final Setting.AffixSetting<List<Float>> CALIBRATION_LEVEL_ERRORS = Setting.affixKeySetting(
        "index.pyramid.calibration.",
        "level_errors",
        key -> Setting.listSetting(key, List.of(), PyramidSettings::parseLevelError, Setting.Property.IndexScope, Setting.Property.Dynamic)
    );

    private static Float parseLevelError(String value) {
        float error = Float.parseFloat(value);
        if (Float.isFinite(error) == false || error < 0) {
            throw new IllegalArgumentException("level errors must be finite numbers >= 0, got [" + value + "]");
        }
        return error;
    }

    /**
     * The calibrated controller settings of a field, or null when the field was never calibrated. Fields whose name
     * cannot be a settings namespace (object sub-fields such as {@code doc.embedding}: an affix namespace has no dots)
     * cannot be calibrated and always get null.
     */
    public static ControllerSettings calibration(Settings indexSettings, String field) {
        if (canCalibrate(field) == false) {
            return null;
        }
        List<Float> errors = CALIBRATION_LEVEL_ERRORS.getConcreteSettingForNamespace(field).get(indexSettings);
        if (errors.isEmpty()) {
            return null;
        }
        float[] levelErrors = new float[errors.size()];
        for (int i = 0; i < levelErrors.length; i++) {
            levelErrors[i] = errors.get(i);
        }
        return new ControllerSettings(CALIBRATION_Z.getConcreteSettingForNamespace(field).get(indexSettings), levelErrors);
    }

    /** Whether {@code field}'s name can name its calibration settings. */
    public static boolean canCalibrate(String field) {
        return CALIBRATION_Z.match(CALIBRATION_Z.getKey().replace("*", field));
    }

    public static List<Setting<?>> all() {
        return List.of(ENABLED, DERIVED_SOURCE_ENABLED, MAX_K, CALIBRATION_Z, CALIBRATION_LEVEL_ERRORS);
    }
}
