package dev.pyramid.codec.pyramid1;

import org.apache.lucene.search.KnnCollector;

/**
 * Lets a graph search stop exploring once nothing can plausibly enter the top {@code k}: it raises the minimum
 * competitive score to (k-th best estimate − margin), which makes Lucene's {@code HnswGraphSearcher} both skip
 * neighbours below that bound and end when the best unexplored candidate falls under it. The margin is the
 * controller's uncertainty for the level ({@code DepthController#traversalMargin}).
 */
final class CertaintyBoundCollector extends KnnCollector.Decorator {

    private final float margin;
    /** Min-heap of the k best scores seen; heap[0] is the k-th best once full. */
    private final float[] heap;
    private int size;

    CertaintyBoundCollector(KnnCollector delegate, int k, float margin) {
        super(delegate);
        this.margin = margin;
        this.heap = new float[k];
    }

    @Override
    public boolean collect(int docId, float similarity) {
        offer(similarity);
        return super.collect(docId, similarity);
    }

    @Override
    public float minCompetitiveSimilarity() {
        float delegateMin = super.minCompetitiveSimilarity();
        return size < heap.length ? delegateMin : Math.max(delegateMin, heap[0] - margin);
    }

    private void offer(float score) {
        if (size < heap.length) {
            heap[size] = score;
            siftUp(size++);
        } else if (score > heap[0]) {
            heap[0] = score;
            siftDown(0);
        }
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= heap[i]) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int smallest = left + 1 < size && heap[left + 1] < heap[left] ? left + 1 : left;
            if (heap[i] <= heap[smallest]) {
                return;
            }
            swap(i, smallest);
            i = smallest;
        }
    }

    private void swap(int a, int b) {
        float t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
