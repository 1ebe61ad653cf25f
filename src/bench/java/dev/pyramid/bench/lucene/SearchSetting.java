package dev.pyramid.bench.lucene;

import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

import java.io.IOException;
import java.util.Map;

/**
 * One point of a format's parameter sweep: how to build the query a user would run for a target vector, and how to
 * count the work that query does (outside the timed runs, since counting may trace).
 */
public interface SearchSetting {

    /** Short label for tables, e.g. {@code ef=64} or {@code o=3 depth=auto}. */
    String label();

    /** The sweep parameters, for the JSON record. */
    Map<String, Object> parameters();

    /** The query timed in the benchmark. */
    Query query(String field, float[] target);

    /**
     * Runs the query once and reports its work: {@code visited} (vectors scored on the traversal's level) and, per
     * further stage, the candidates scored there (e.g. {@code rescored_float}, {@code scored_level_2}).
     */
    Map<String, Long> work(IndexSearcher searcher, String field, float[] target, int k) throws IOException;
}
