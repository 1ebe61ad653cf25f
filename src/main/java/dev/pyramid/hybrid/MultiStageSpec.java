package dev.pyramid.hybrid;

import dev.pyramid.rerank.RerankStageSpec;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

/**
 * What turns an {@code spi_pyramid} query into a multi-stage retrieval: its {@code hybrid} block (null: dense only)
 * and its {@code rerank} list (possibly empty), beside the field key:
 *
 * <pre>
 * {"spi_pyramid": {"embedding": {...}, "hybrid": {...}, "rerank": [{"full_precision": {}}]}}
 * </pre>
 *
 * At least one of the two is present. The coordinating node resolves such a query ({@link HybridSearch}); it never
 * reaches a shard.
 */
public record MultiStageSpec(HybridSpec hybrid, List<RerankStageSpec> rerank) implements Writeable {

    public static final String RERANK_FIELD = "rerank";

    public MultiStageSpec {
        rerank = List.copyOf(rerank);
        if (hybrid == null && rerank.isEmpty()) {
            throw new IllegalArgumentException("[spi_pyramid] a multi-stage retrieval needs a [hybrid] block or [rerank] stages");
        }
    }

    public MultiStageSpec(StreamInput in) throws IOException {
        this(in.readOptionalWriteable(HybridSpec::new), in.readList(RerankStageSpec::readFrom));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeOptionalWriteable(hybrid);
        out.writeList(rerank);
    }

    /** Writes {@code "hybrid": {...}} and {@code "rerank": [...]} into the enclosing {@code spi_pyramid} object. */
    public XContentBuilder toXContent(XContentBuilder builder) throws IOException {
        if (hybrid != null) {
            hybrid.toXContent(builder);
        }
        if (rerank.isEmpty() == false) {
            builder.startArray(RERANK_FIELD);
            for (RerankStageSpec stage : rerank) {
                stage.toXContent(builder, ToXContent.EMPTY_PARAMS);
            }
            builder.endArray();
        }
        return builder;
    }
}
