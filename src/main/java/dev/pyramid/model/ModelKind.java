package dev.pyramid.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a model computes, as its descriptor's {@code kind} says. */
public enum ModelKind {
    /** One vector per text: pooled token states (mean or CLS), optionally L2-normalised. Fills and queries fields. */
    EMBEDDING("embedding"),
    /** One relevance score per (query, passage) pair, read from a {@code [batch]} or {@code [batch, 1]} output. */
    CROSS_ENCODER("cross_encoder"),
    /** One vector per token; query and passage are compared token by token with MaxSim (ColBERT). */
    LATE_INTERACTION("late_interaction");

    private final String jsonName;

    ModelKind(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static ModelKind fromJsonName(String name) {
        for (ModelKind kind : values()) {
            if (kind.jsonName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "[kind] must be one of [%s], got [%s]",
                Arrays.stream(values()).map(ModelKind::jsonName).collect(Collectors.joining(", ")),
                name
            )
        );
    }
}
