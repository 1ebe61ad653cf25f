package dev.pyramid.quantization;

import org.apache.lucene.util.quantization.OptimizedScalarQuantizer.QuantizationResult;

import java.util.ArrayList;
import java.util.List;

/**
 * One query's quantizations during one segment's search, shared by the levels that quantize it identically: OSQ's
 * interval optimisation is the costly part of encoding a query, and levels with the same prefix length and query
 * bits (the default pyramid's binary and int4 levels both use a 4-bit query over all dimensions) would otherwise
 * compute the same codes twice. Valid for the quantizers of one segment's field only, since they share its centroid.
 * Not thread-safe: one per search.
 */
public final class QueryQuantizations {

    private final float[] query;
    private final List<Entry> entries = new ArrayList<>(2);

    /** @param query the query as the levels see it (already normalised for cosine) */
    public QueryQuantizations(float[] query) {
        this.query = query;
    }

    float[] query() {
        return query;
    }

    /** The codes of the first {@code dims} dimensions at {@code bits}, or null if not computed yet. */
    Entry find(int dims, byte bits) {
        for (Entry entry : entries) {
            if (entry.dims == dims && entry.bits == bits) {
                return entry;
            }
        }
        return null;
    }

    void add(Entry entry) {
        entries.add(entry);
    }

    /** OSQ codes ({@code dims} values) and corrections of the query's first {@code dims} dimensions. */
    record Entry(int dims, byte bits, byte[] codes, QuantizationResult corrections) {}
}
