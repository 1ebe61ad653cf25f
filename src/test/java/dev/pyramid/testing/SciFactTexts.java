package dev.pyramid.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Texts of the shared SciFact data ({@link BeirJsonl}), as the reference vectors embed them: an abstract as
 * {@code title + " " + text} (see shared/data/README.md), a query as its text. Row order is the order of the
 * vector files.
 */
public final class SciFactTexts {

    private static final String CORPUS = "scifact/beir/corpus.jsonl";
    private static final String QUERIES = "scifact/beir/queries.jsonl";

    private SciFactTexts() {}

    /** The first {@code count} abstracts, in the row order of {@code corpus.fvecs} (a list the caller may change). */
    public static List<String> corpus(int count) throws IOException {
        return BeirJsonl.read(SharedData.path(CORPUS), count).stream().map(SciFactTexts::abstractText).collect(Collectors.toCollection(ArrayList::new));
    }

    /** The first {@code count} queries (claims), in the row order of {@code queries.fvecs}. */
    public static List<String> queries(int count) throws IOException {
        return BeirJsonl.read(SharedData.path(QUERIES), count).stream().map(BeirJsonl.Entry::text).collect(Collectors.toCollection(ArrayList::new));
    }

    /** Every abstract by its id. */
    public static Map<String, String> corpusById() throws IOException {
        Map<String, String> texts = new HashMap<>();
        for (BeirJsonl.Entry doc : BeirJsonl.read(SharedData.path(CORPUS), Integer.MAX_VALUE)) {
            texts.put(doc.id(), abstractText(doc));
        }
        return texts;
    }

    /** Every query (claim) by its id. */
    public static Map<String, String> queriesById() throws IOException {
        Map<String, String> texts = new HashMap<>();
        for (BeirJsonl.Entry query : BeirJsonl.read(SharedData.path(QUERIES), Integer.MAX_VALUE)) {
            texts.put(query.id(), query.text());
        }
        return texts;
    }

    /** The test judgments: query id to the ids of its relevant abstracts, in file order. */
    public static Map<String, List<String>> testQrels() throws IOException {
        Map<String, List<String>> qrels = new LinkedHashMap<>();
        BeirJsonl.qrels(SharedData.path("scifact/beir/qrels/test.tsv")).forEach((q, docs) -> qrels.put(q, List.copyOf(docs.keySet())));
        return qrels;
    }

    private static String abstractText(BeirJsonl.Entry doc) {
        return doc.title() + " " + doc.text();
    }
}
