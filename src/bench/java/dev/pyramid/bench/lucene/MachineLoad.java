package dev.pyramid.bench.lucene;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, recorded beside timings (the machine is shared). */
public final class MachineLoad {

    private MachineLoad() {}

    public static double[] loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] { Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]) };
        } catch (IOException | RuntimeException e) {
            return new double[] { Double.NaN, Double.NaN, Double.NaN };
        }
    }
}
