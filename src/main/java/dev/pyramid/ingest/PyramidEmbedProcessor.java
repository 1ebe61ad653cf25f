package dev.pyramid.ingest;

import dev.pyramid.model.ModelName;
import dev.pyramid.model.ModelRegistry;
import dev.pyramid.model.TextEmbedder;

import org.opensearch.ingest.AbstractBatchingProcessor;
import org.opensearch.ingest.ConfigurationUtils;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.IngestDocumentWrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code pyramid_embed} ingest processor: embeds a text field with an embedding model and writes the vector
 * into a (usually {@code pyramid_vector}) field.
 *
 * <pre>
 * {"pyramid_embed": {"field": "text", "target_field": "embedding", "model": "minilm",
 *                    "ignore_missing": false, "batch_size": 16}}
 * </pre>
 *
 * <p>{@code model} must be the model the target field's mapping names, so that documents and {@code query_text} are
 * embedded alike. With {@code batch_size} > 1 (OpenSearch's batching processors' option), the documents of a bulk
 * request are embedded together, several texts per model run (at most the model's own {@code batch_size}).
 */
public final class PyramidEmbedProcessor extends AbstractBatchingProcessor {

    public static final String TYPE = "pyramid_embed";

    private final String field;
    private final String targetField;
    private final String model;
    private final boolean ignoreMissing;
    private final Supplier<ModelRegistry> models;

    PyramidEmbedProcessor(
        String tag,
        String description,
        int batchSize,
        String field,
        String targetField,
        String model,
        boolean ignoreMissing,
        Supplier<ModelRegistry> models
    ) {
        super(tag, description, batchSize);
        this.field = field;
        this.targetField = targetField;
        this.model = model;
        this.ignoreMissing = ignoreMissing;
        this.models = models;
    }

    @Override
    public String getType() {
        return TYPE;
    }

    @Override
    public IngestDocument execute(IngestDocument document) {
        String text = textOf(document);
        if (text != null) {
            document.setFieldValue(targetField, asList(embedder().embed(text)));
        }
        return document;
    }

    /** Embeds the texts of the whole sub-batch in one call; a document without its text fails alone. */
    @Override
    protected void subBatchExecute(List<IngestDocumentWrapper> documents, Consumer<List<IngestDocumentWrapper>> handler) {
        List<IngestDocumentWrapper> embedded = new ArrayList<>(documents.size());
        List<String> texts = new ArrayList<>(documents.size());
        for (IngestDocumentWrapper wrapper : documents) {
            if (wrapper.getException() != null || wrapper.getIngestDocument() == null) {
                continue;
            }
            try {
                String text = textOf(wrapper.getIngestDocument());
                if (text != null) {
                    embedded.add(wrapper);
                    texts.add(text);
                }
            } catch (Exception e) {
                wrapper.update(wrapper.getIngestDocument(), e);
            }
        }
        if (texts.isEmpty() == false) {
            try {
                float[][] vectors = embedder().embed(texts);
                for (int i = 0; i < vectors.length; i++) {
                    embedded.get(i).getIngestDocument().setFieldValue(targetField, asList(vectors[i]));
                }
            } catch (Exception e) {
                for (IngestDocumentWrapper wrapper : embedded) {
                    wrapper.update(wrapper.getIngestDocument(), e);
                }
            }
        }
        handler.accept(documents);
    }

    /** The document's text, or null if it has none and {@code ignore_missing} is set. */
    private String textOf(IngestDocument document) {
        Object value = document.getFieldValue(field, Object.class, true);
        if (value == null) {
            if (ignoreMissing) {
                return null;
            }
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[%s] field [%s] is missing or null; set [ignore_missing] to skip such documents", TYPE, field)
            );
        }
        if (value instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "[%s] field [%s] must be a string to embed, got [%s] of type [%s]",
                TYPE,
                field,
                value,
                value.getClass().getSimpleName()
            )
        );
    }

    private TextEmbedder embedder() {
        try {
            return models.get().embedder(model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[%s] cannot embed field [%s] into [%s]: %s", TYPE, field, targetField, e.getMessage()),
                e
            );
        }
    }

    private static List<Float> asList(float[] vector) {
        List<Float> list = new ArrayList<>(vector.length);
        for (float value : vector) {
            list.add(value);
        }
        return list;
    }

    /** Reads the processor's configuration; the model's existence is checked when documents come, on each node. */
    public static final class Factory extends AbstractBatchingProcessor.Factory {

        private final Supplier<ModelRegistry> models;

        /** @param models the node's model registry, available once the node has created its components */
        public Factory(Supplier<ModelRegistry> models) {
            super(TYPE);
            this.models = models;
        }

        @Override
        protected AbstractBatchingProcessor newProcessor(String tag, String description, int batchSize, Map<String, Object> config) {
            String field = ConfigurationUtils.readStringProperty(TYPE, tag, config, "field");
            String targetField = ConfigurationUtils.readStringProperty(TYPE, tag, config, "target_field");
            String model = ConfigurationUtils.readStringProperty(TYPE, tag, config, "model");
            boolean ignoreMissing = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, "ignore_missing", false);
            try {
                ModelName.check(model);
            } catch (IllegalArgumentException e) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, "model", e.getMessage());
            }
            if (field.equals(targetField)) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, "target_field", "must differ from [field] [" + field + "]");
            }
            return new PyramidEmbedProcessor(tag, description, batchSize, field, targetField, model, ignoreMissing, models);
        }
    }
}
