package dev.pyramid.hybrid;

import dev.pyramid.PyramidPlugin;
import dev.pyramid.rerank.DiversitySpec;
import dev.pyramid.rerank.FullPrecisionSpec;
import dev.pyramid.rerank.ModelStageSpec;
import dev.pyramid.rerank.RerankStage;
import dev.pyramid.rerank.RerankStageSpec;
import dev.pyramid.rerank.fusion.FusionSpec;

import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.index.query.MatchQueryBuilder;
import org.opensearch.index.query.TermQueryBuilder;
import org.opensearch.search.SearchModule;
import org.opensearch.test.AbstractWireSerializingTestCase;

import java.util.ArrayList;
import java.util.List;

/** The hybrid block and rerank list travel inside spi_pyramid between nodes: every variant survives the wire. */
public class MultiStageSpecWireTests extends AbstractWireSerializingTestCase<MultiStageSpec> {

    @Override
    protected NamedWriteableRegistry getNamedWriteableRegistry() {
        return new NamedWriteableRegistry(new SearchModule(Settings.EMPTY, List.of(new PyramidPlugin())).getNamedWriteables());
    }

    @Override
    protected Writeable.Reader<MultiStageSpec> instanceReader() {
        return MultiStageSpec::new;
    }

    @Override
    protected MultiStageSpec createTestInstance() {
        HybridSpec hybrid = randomBoolean() ? null : randomHybrid();
        List<RerankStageSpec> rerank = new ArrayList<>();
        int stages = hybrid == null ? randomIntBetween(1, 3) : randomIntBetween(0, 3);
        for (int i = 0; i < stages; i++) {
            rerank.add(randomStage());
        }
        return new MultiStageSpec(hybrid, rerank);
    }

    private static HybridSpec randomHybrid() {
        FusionSpec fusion = switch (randomIntBetween(0, 2)) {
            case 0 -> FusionSpec.RRF;
            case 1 -> new FusionSpec("linear", null, null);
            default -> new FusionSpec("linear", randomFrom("min_max", "l2", "z_score"), List.of(randomFloat(), 1f));
        };
        Integer rankConstant = fusion.method().equals("rrf") && randomBoolean() ? randomIntBetween(1, 100) : null;
        return new HybridSpec(
            randomBoolean() ? new MatchQueryBuilder("text", randomAlphaOfLength(5)) : new TermQueryBuilder("tag", randomAlphaOfLength(3)),
            fusion,
            rankConstant,
            randomIntBetween(1, 10_000)
        );
    }

    private static RerankStageSpec randomStage() {
        int window = randomBoolean() ? RerankStage.ALL : randomIntBetween(1, 10_000);
        return switch (randomIntBetween(0, 2)) {
            case 0 -> new FullPrecisionSpec(window);
            case 1 -> new DiversitySpec(randomFloat(), randomBoolean() ? null : "popularity", randomFloat(), window);
            default -> new ModelStageSpec(randomAlphaOfLength(6), "text", randomIntBetween(1, 100));
        };
    }

    @Override
    protected MultiStageSpec mutateInstance(MultiStageSpec instance) {
        List<RerankStageSpec> rerank = new ArrayList<>(instance.rerank());
        rerank.add(new FullPrecisionSpec(randomIntBetween(1, 10)));
        return new MultiStageSpec(instance.hybrid(), rerank);
    }
}
