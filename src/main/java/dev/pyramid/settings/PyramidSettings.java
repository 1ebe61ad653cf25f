package dev.pyramid.settings;

import org.opensearch.common.settings.Setting;

import java.util.List;

/** The plugin's settings, declared once and registered by the plugin. */
public final class PyramidSettings {

    private PyramidSettings() {}

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

    public static List<Setting<?>> all() {
        return List.of(MAX_K);
    }
}
