package dev.pyramid.hybrid;

import dev.pyramid.mapper.PyramidVectorFieldMapper;
import dev.pyramid.mapper.VectorSimilarity;
import dev.pyramid.query.SpiPyramidQueryBuilder;
import dev.pyramid.rerank.Candidate;
import dev.pyramid.rerank.CandidateKey;
import dev.pyramid.rerank.RerankCascade;
import dev.pyramid.rerank.RerankContext;
import dev.pyramid.rerank.RerankStage;
import dev.pyramid.rerank.RerankStageFactory;
import dev.pyramid.rerank.fusion.ScoreFusion;
import dev.pyramid.rerank.fusion.SingleSourceFusion;

import org.apache.lucene.search.Explanation;
import org.opensearch.action.search.MultiSearchRequest;
import org.opensearch.action.search.MultiSearchResponse;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.MappingMetadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a multi-stage {@code spi_pyramid} query ({@code hybrid} and/or {@code rerank}) on the coordinating node into
 * a {@link PyramidScoredIdsQueryBuilder}, during the search's coordinator rewrite:
 * <ol>
 *   <li>one {@code _msearch} over the request's own indices, routing, preference and search type
 *       ({@link SubSearches}): the lexical query's top {@code window} (with the {@code spi_pyramid} filter) and the
 *       dense query's top {@code min(k, window)};</li>
 *   <li>fusion of the merged, global lists ({@link ScoreFusion}), ties broken by index and id;</li>
 *   <li>the {@link RerankCascade}, which fetches the fields each stage needs ({@link SearchFieldFetcher});</li>
 *   <li>the first {@code window} candidates (the {@code k} of a request without {@code hybrid}) become the scored ids,
 *       their scores made non-negative and strictly decreasing (see {@link #finalScores}).</li>
 * </ol>
 *
 * <h2>Why here, and not in a search pipeline or per shard</h2>
 * The fused ranking must be global: normalizing or ranking per shard (neural-search #325) gives a 3-shard index other
 * hits than a 1-shard index, and breaks {@code from}/{@code size}. Computing it on the coordinator and handing shards
 * "these ids, these scores" keeps the normal query and fetch phases, so pagination, {@code hits.total},
 * {@code explain}, {@code _source}, aggregations over the fused documents and {@code post_filter} work unchanged; no
 * sub-query lists travel as delimiter {@code ScoreDoc}s (neural-search #259). OpenSearch 3.5's system-generated
 * search-pipeline processors could host the same steps, but they run only for factories listed in the cluster setting
 * {@code cluster.search.enabled_system_generated_factories} (default empty), so users would have to configure the
 * cluster first. The query's coordinator rewrite ({@code QueryCoordinatorContext}, which carries the search request,
 * with {@code registerAsyncAction}, as {@code terms} lookup does) applies to every {@code _search}, {@code _msearch}
 * and {@code _rank_eval} without configuration, and inside compound queries too: there the hybrid clause stands for its
 * fused documents and their scores.
 */
public final class HybridSearch {

    private final ThreadPool threadPool;
    private final ClusterService clusterService;
    private final RerankStageFactory stageFactory;

    public HybridSearch(ThreadPool threadPool, ClusterService clusterService, RerankStageFactory stageFactory) {
        this.threadPool = threadPool;
        this.clusterService = clusterService;
        this.stageFactory = stageFactory;
    }

    /**
     * @param query    an {@code spi_pyramid} query with a {@link MultiStageSpec}
     * @param request  the search request the query belongs to
     * @param listener receives the fused, reranked documents (without the query's boost and name)
     */
    public void resolve(SpiPyramidQueryBuilder query, SearchRequest request, Client client, ActionListener<PyramidScoredIdsQueryBuilder> listener) {
        try {
            start(query, request, client, listener);
        } catch (Exception e) {
            listener.onFailure(e);
        }
    }

    private void start(SpiPyramidQueryBuilder query, SearchRequest request, Client client, ActionListener<PyramidScoredIdsQueryBuilder> listener) {
        MultiStageSpec spec = query.multiStage();
        HybridSpec hybrid = spec.hybrid();
        List<RerankStage> stages = stageFactory.create(spec.rerank());
        List<String> sources = hybrid == null ? List.of(Candidate.DENSE) : List.of(Candidate.LEXICAL, Candidate.DENSE);
        ScoreFusion fusion = hybrid == null ? new SingleSourceFusion() : hybrid.toFusion();
        int window = hybrid == null ? query.k() : hybrid.window();

        MultiSearchRequest retrievals = new MultiSearchRequest();
        if (hybrid != null) {
            QueryBuilder lexical = query.filter() == null
                ? hybrid.lexical()
                : QueryBuilders.boolQuery().must(hybrid.lexical()).filter(query.filter());
            retrievals.add(retrieval(request, lexical, window));
        }
        retrievals.add(retrieval(request, query.denseOnly(), Math.min(query.k(), window)));

        boolean explain = request.source() != null && Boolean.TRUE.equals(request.source().explain());
        RerankContext context = new RerankContext(query.fieldName(), query.vector(), null, sources, fusion, similarities(query.fieldName()));
        RerankCascade cascade = new RerankCascade(stages, new SearchFieldFetcher(client, request), threadPool.executor(ThreadPool.Names.SEARCH));
        client.multiSearch(retrievals, ActionListener.wrap(responses -> {
            List<Candidate> fused = fuse(responses, sources, fusion);
            cascade.run(context, fused, ActionListener.wrap(ranked -> {
                List<Candidate> top = ranked.subList(0, Math.min(window, ranked.size()));
                listener.onResponse(new PyramidScoredIdsQueryBuilder(finalScores(top, explain)));
            }, listener::onFailure));
        }, listener::onFailure));
    }

    private static SearchRequest retrieval(SearchRequest original, QueryBuilder query, int size) {
        return SubSearches.derive(original, new SearchSourceBuilder().query(query).size(size).fetchSource(false).trackTotalHits(false));
    }

    /** Merges each source's hits into candidates (by index and id) and fuses them; best first. */
    static List<Candidate> fuse(MultiSearchResponse responses, List<String> sources, ScoreFusion fusion) throws Exception {
        Map<CandidateKey, Map<String, Float>> scores = new LinkedHashMap<>();
        MultiSearchResponse.Item[] items = responses.getResponses();
        for (int s = 0; s < items.length; s++) {
            if (items[s].isFailure()) {
                throw items[s].getFailure();
            }
            for (SearchHit hit : items[s].getResponse().getHits().getHits()) {
                scores.computeIfAbsent(new CandidateKey(hit.getIndex(), hit.getId()), k -> new LinkedHashMap<>()).put(sources.get(s), hit.getScore());
            }
        }
        List<Candidate> candidates = new ArrayList<>(scores.size());
        for (Map.Entry<CandidateKey, Map<String, Float>> entry : scores.entrySet()) {
            candidates.add(Candidate.retrieved(entry.getKey(), entry.getValue()));
        }
        List<Candidate> fused = new ArrayList<>(fusion.fuse(candidates, sources));
        fused.sort(Candidate.BEST_FIRST);
        return fused;
    }

    /**
     * The scores the shards will return: each candidate's score, raised where needed so that they are non-negative
     * (Lucene's rule: a list with negative scores, e.g. z-scores or model logits, is shifted up by its minimum) and
     * strictly decreasing along the ranking (equal scores are raised by the fewest float steps), so that the
     * coordinator's merge of the shards' hits, which breaks ties by shard, reproduces this order on any number of
     * shards. The explanation, when asked for, shows every step and the adjustment.
     */
    static List<PyramidScoredIdsQueryBuilder.ScoredId> finalScores(List<Candidate> ranked, boolean explain) {
        int n = ranked.size();
        float min = 0;
        for (Candidate candidate : ranked) {
            min = Math.min(min, candidate.score());
        }
        float shift = -min;
        float[] scores = new float[n];
        for (int i = n - 1; i >= 0; i--) {
            float shifted = ranked.get(i).score() + shift;
            scores[i] = i == n - 1 ? Math.max(shifted, 0f) : Math.max(shifted, Math.nextUp(scores[i + 1]));
        }
        List<PyramidScoredIdsQueryBuilder.ScoredId> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Candidate candidate = ranked.get(i);
            Explanation explanation = null;
            if (explain) {
                String description = scores[i] == candidate.score()
                    ? "spi_pyramid multi-stage retrieval: score of the last step"
                    : String.format(
                        Locale.ROOT,
                        "spi_pyramid multi-stage retrieval: score of the last step, %s, raised to %s to be non-negative and strictly below the hit ranked above",
                        candidate.score(),
                        scores[i]
                    );
                explanation = Explanation.match(scores[i], description, candidate.steps());
            }
            docs.add(new PyramidScoredIdsQueryBuilder.ScoredId(candidate.key().index(), candidate.key().id(), scores[i], explanation));
        }
        return docs;
    }

    /** The similarity of {@code field} per concrete index, read from the cluster state's mappings once per index. */
    private java.util.function.Function<String, VectorSimilarity> similarities(String field) {
        Map<String, VectorSimilarity> cache = new ConcurrentHashMap<>();
        return index -> cache.computeIfAbsent(index, i -> similarity(i, field));
    }

    private VectorSimilarity similarity(String index, String field) {
        IndexMetadata metadata = clusterService.state().metadata().index(index);
        MappingMetadata mapping = metadata == null ? null : metadata.mapping();
        Object properties = mapping == null ? null : mapping.sourceAsMap().get("properties");
        Map<?, ?> definition = null;
        String[] path = field.split("\\.");
        for (int i = 0; i < path.length && properties instanceof Map<?, ?> map; i++) {
            Object next = map.get(path[i]);
            definition = next instanceof Map<?, ?> m ? m : null;
            properties = definition == null ? null : definition.get("properties");
        }
        if (definition == null || PyramidVectorFieldMapper.CONTENT_TYPE.equals(definition.get("type")) == false) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[spi_pyramid] field [%s] is not a [%s] field in index [%s]", field, PyramidVectorFieldMapper.CONTENT_TYPE, index)
            );
        }
        Object similarity = definition.get("similarity");
        return similarity == null ? VectorSimilarity.COSINE : VectorSimilarity.fromJsonName(similarity.toString());
    }
}
