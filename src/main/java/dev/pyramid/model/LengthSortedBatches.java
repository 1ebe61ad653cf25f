package dev.pyramid.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits texts into runs of at most {@code batch_size}, longest first, as sentence-transformers' {@code encode} does:
 * texts of similar length share a batch, so little padding is computed (faster), and dynamically quantized models,
 * whose activation scales span the whole batch, padding included, see batches close to what each text alone gives.
 * Character length stands in for token length. Callers put results back at the texts' original positions.
 */
final class LengthSortedBatches {

    private LengthSortedBatches() {}

    /** The original positions of the texts of each batch, longest texts in the first batch. */
    static List<int[]> of(List<String> texts, int batchSize) {
        int[] order = IntStream.range(0, texts.size())
            .boxed()
            .sorted(Comparator.comparingInt((Integer i) -> texts.get(i).length()).reversed())
            .mapToInt(Integer::intValue)
            .toArray();
        List<int[]> batches = new ArrayList<>((order.length + batchSize - 1) / batchSize);
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            int[] batch = new int[to - from];
            System.arraycopy(order, from, batch, 0, batch.length);
            batches.add(batch);
        }
        return batches;
    }

    /** The texts at {@code positions}, in that order. */
    static List<String> select(List<String> texts, int[] positions) {
        List<String> selected = new ArrayList<>(positions.length);
        for (int position : positions) {
            selected.add(texts.get(position));
        }
        return selected;
    }
}
