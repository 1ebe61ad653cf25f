package dev.pyramid.query;

import dev.pyramid.mapper.PyramidVectorFieldMapper;

import org.opensearch.action.IndicesRequest;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.metadata.MappingMetadata;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds, on the coordinating node, the embedding model that the mappings of a search's indices name for a
 * {@code pyramid_vector} field, from the cluster state (the coordinator may hold no shard of those indices). Every
 * index that maps the field must name the same model; indices that do not map the field are left out.
 */
final class MappedModelResolver {

    private final IndexNameExpressionResolver indexNameResolver;

    MappedModelResolver(IndexNameExpressionResolver indexNameResolver) {
        this.indexNameResolver = indexNameResolver;
    }

    /**
     * @throws IllegalArgumentException if no index maps the field, an index maps it as another type or without a
     *                                  model, or indices name different models
     */
    String resolve(ClusterState state, IndicesRequest request, String field) {
        String[] indices = indexNameResolver.concreteIndexNames(state, request);
        Map<String, String> modelByIndex = new TreeMap<>();
        for (String index : indices) {
            IndexMetadata metadata = state.metadata().index(index);
            MappingMetadata mapping = metadata == null ? null : metadata.mapping();
            Map<String, Object> fieldMapping = mapping == null ? null : fieldMapping(mapping.sourceAsMap(), field);
            if (fieldMapping == null) {
                continue;
            }
            Object type = fieldMapping.get("type");
            if (PyramidVectorFieldMapper.CONTENT_TYPE.equals(type) == false) {
                throw new IllegalArgumentException(
                    String.format(
                        Locale.ROOT,
                        "[%s] [query_text] needs field [%s] to be of type [%s], but index [%s] maps it as [%s]",
                        SpiPyramidQueryBuilder.NAME,
                        field,
                        PyramidVectorFieldMapper.CONTENT_TYPE,
                        index,
                        type
                    )
                );
            }
            Object model = fieldMapping.get("model");
            if (model == null) {
                throw noModel(field, index);
            }
            modelByIndex.put(index, model.toString());
        }
        if (modelByIndex.isEmpty()) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[%s] [query_text] needs field [%s] to be a [%s] field with a [model], but none of the indices %s maps it",
                    SpiPyramidQueryBuilder.NAME,
                    field,
                    PyramidVectorFieldMapper.CONTENT_TYPE,
                    Arrays.toString(indices)
                )
            );
        }
        if (modelByIndex.values().stream().distinct().count() > 1) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[%s] [query_text] of field [%s] cannot be embedded once for all indices: they name different models %s; "
                        + "search them separately or send a [vector]",
                    SpiPyramidQueryBuilder.NAME,
                    field,
                    modelByIndex
                )
            );
        }
        return modelByIndex.values().iterator().next();
    }

    static IllegalArgumentException noModel(String field, String index) {
        return new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "[%s] [query_text] needs a [model] in the mapping of field [%s], but index [%s] names none; add one or send a [vector]",
                SpiPyramidQueryBuilder.NAME,
                field,
                index
            )
        );
    }

    /** The mapping of {@code field} (a dotted path through object fields) in a mapping source, or null. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fieldMapping(Map<String, Object> source, String field) {
        Map<String, Object> current = source;
        for (String part : field.split("\\.")) {
            Object properties = current.get("properties");
            if (properties instanceof Map == false) {
                return null;
            }
            Object child = ((Map<String, Object>) properties).get(part);
            if (child instanceof Map == false) {
                return null;
            }
            current = (Map<String, Object>) child;
        }
        return current;
    }
}
