package dev.pyramid.bench;

import java.util.List;
import java.util.Locale;

/** The systems {@code --systems} can name. Add a peer (e.g. the k-NN plugin's configurations) here. */
final class BenchSystems {

    static final List<String> NAMES = List.of("pyramid");

    private BenchSystems() {}

    static BenchSystem byName(String name, BenchOptions options) {
        return switch (name) {
            case "pyramid" -> new PyramidSystem(options.similarity(), options.sweepPoints(), options.calibrate());
            default -> throw new IllegalArgumentException(String.format(Locale.ROOT, "unknown system [%s], expected one of %s", name, NAMES));
        };
    }
}
