package dev.pyramid.model;

import dev.pyramid.testing.SciFactTexts;
import dev.pyramid.testing.ModelTestCase;
import dev.pyramid.testing.TestModels;


import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

/** MaxSim over the real int8 MiniLM token embeddings ({@code last_hidden_state}). */
public class LateInteractionScorerTests extends ModelTestCase {

    private static final int QUERIES = 8;
    private static final int DISTRACTORS = 5;

    public void testMaxSimFormula() {
        float[][] query = { { 1, 0 }, { 0, 1 } };
        float[][] passage = { { 0.6f, 0.8f }, { 1, 0 }, { -1, 0 } };
        // token 1 best matches passage token 2 (1.0), token 2 passage token 1 (0.8)
        assertEquals(1.8f, LateInteractionScorer.maxSim(query, passage), 1e-6f);
        assertEquals(0f, LateInteractionScorer.maxSim(query, new float[0][]), 0f);
    }

    public void testTextAgainstItselfScoresItsTokenCount() throws Exception {
        LateInteractionScorer scorer = testModels().lateInteraction(TestModels.LATE_INTERACTION);
        List<String> queries = SciFactTexts.queries(4);
        float[][][] tokens = scorer.embedTokens(queries);
        for (int i = 0; i < queries.size(); i++) {
            int count = tokens[i].length;
            assertEquals(384, tokens[i][0].length);
            // every normalised token finds itself (cosine 1) and nothing closer
            assertEquals(queries.get(i), count, scorer.score(queries.get(i), List.of(queries.get(i)))[0], 1e-3f);
            String other = queries.get((i + 1) % queries.size());
            assertThat(scorer.score(queries.get(i), List.of(other))[0], lessThan((float) count));
        }
    }

    public void testRelevantAbstractOutscoresUnrelatedOnes() throws Exception {
        LateInteractionScorer scorer = testModels().lateInteraction(TestModels.LATE_INTERACTION);
        Map<String, String> corpus = SciFactTexts.corpusById();
        Map<String, String> queries = SciFactTexts.queriesById();
        List<String> corpusIds = new ArrayList<>(corpus.keySet());
        Collections.sort(corpusIds);
        int first = 0, asked = 0;
        Iterator<Map.Entry<String, List<String>>> judged = SciFactTexts.testQrels().entrySet().iterator();
        while (asked < QUERIES && judged.hasNext()) {
            Map.Entry<String, List<String>> entry = judged.next();
            String relevant = entry.getValue().get(0);
            List<String> passages = new ArrayList<>();
            passages.add(corpus.get(relevant));
            for (int d = 0; passages.size() <= DISTRACTORS; d++) {
                String id = corpusIds.get((asked * 31 + d * 97) % corpusIds.size());
                if (entry.getValue().contains(id) == false) {
                    passages.add(corpus.get(id));
                }
            }
            float[] scores = scorer.score(queries.get(entry.getKey()), passages);
            boolean top = true;
            for (int p = 1; p < scores.length; p++) {
                top &= scores[0] > scores[p];
            }
            first += top ? 1 : 0;
            asked++;
        }
        logger.info(String.format(Locale.ROOT, "relevant abstract first among %d candidates for %d of %d queries", DISTRACTORS + 1, first, asked));
        // measured: 12 of 12 queries with 7 distractors each; one miss in 8 is allowed for the int8 model
        assertThat(first, greaterThanOrEqualTo(QUERIES - 1));
    }
}
