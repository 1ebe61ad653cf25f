package dev.pyramid.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.PairList;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A HuggingFace tokenizer and an ONNX model run through DJL's ONNX Runtime engine: turns one batch of texts, or of
 * (query, passage) pairs, into the model's output tensor. Loaded once per node by {@link ModelRegistry}.
 *
 * <p>Thread-safe: each call gets its own DJL predictor (predictors are not thread-safe; creating one is cheap), the
 * ONNX Runtime session behind them is safe for concurrent runs, and the tokenizer's encode calls do not mutate it.
 * Inputs are truncated to the descriptor's {@code max_length} (overriding whatever truncation and fixed padding the
 * tokenizer file sets) and padded to the longest text of the batch.
 */
final class OnnxTextModel implements Closeable {

    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final Set<String> KNOWN_INPUTS = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);

    /**
     * One batch's output: the tensor named by the descriptor's {@code output}, row-major, with the encodings it came from.
     *
     * @param shape  e.g. {@code [batch, tokens, dim]} or {@code [batch, 1]}
     * @param values {@code shape}'s product of floats
     */
    record Output(Encoding[] encodings, long[] shape, float[] values) {}

    private final String name;
    private final ModelDescriptor descriptor;
    private final HuggingFaceTokenizer tokenizer;
    private final Model model;
    private final List<String> inputNames;
    private final BatchTranslator translator = new BatchTranslator();

    private OnnxTextModel(String name, ModelDescriptor descriptor, HuggingFaceTokenizer tokenizer, Model model, List<String> inputNames) {
        this.name = name;
        this.descriptor = descriptor;
        this.tokenizer = tokenizer;
        this.model = model;
        this.inputNames = inputNames;
    }

    /**
     * Loads the tokenizer and the ONNX model of {@code files}.
     *
     * @throws BrokenModelException if either does not load, or the model's inputs are not token ids and masks
     */
    static OnnxTextModel load(ModelFiles files, ModelDescriptor descriptor, Engine engine) {
        String name = files.name();
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.builder()
                .optTokenizerPath(files.tokenizer())
                .optMaxLength(descriptor.maxLength())
                .optTruncation(true)
                .optPadding(true)
                .build();
        } catch (IOException | RuntimeException e) {
            throw new BrokenModelException(name, "cannot load tokenizer [" + files.tokenizer() + "]: " + e.getMessage(), e);
        }
        Model model = engine.newModel(name, Device.cpu());
        try {
            model.load(files.directory(), ModelFiles.ONNX_PREFIX);
            List<String> inputs = model.describeInput().keys();
            if (inputs.contains(INPUT_IDS) == false || inputs.contains(ATTENTION_MASK) == false || KNOWN_INPUTS.containsAll(inputs) == false) {
                throw new BrokenModelException(
                    name,
                    String.format(
                        Locale.ROOT,
                        "[%s] has inputs %s, but a text model takes [%s], [%s] and optionally [%s]",
                        files.onnx(),
                        inputs,
                        INPUT_IDS,
                        ATTENTION_MASK,
                        TOKEN_TYPE_IDS
                    )
                );
            }
            return new OnnxTextModel(name, descriptor, tokenizer, model, List.copyOf(inputs));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            tokenizer.close();
            if (e instanceof BrokenModelException broken) {
                throw broken;
            }
            throw new BrokenModelException(name, "cannot load [" + files.onnx() + "]: " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    ModelDescriptor descriptor() {
        return descriptor;
    }

    /** Tokenizes texts, each truncated to {@code max_length} tokens and padded to the longest. */
    Encoding[] encode(List<String> texts) {
        return tokenizer.batchEncode(texts);
    }

    /** Tokenizes (query, passage) pairs as one sequence each, {@code [CLS] query [SEP] passage [SEP]} for BERT. */
    Encoding[] encodePairs(String query, List<String> passages) {
        PairList<String, String> pairs = new PairList<>(passages.size());
        for (String passage : passages) {
            pairs.add(query, passage);
        }
        return tokenizer.batchEncode(pairs);
    }

    /** Runs one batch (at most {@code batch_size} encodings) through the model. */
    Output run(Encoding[] encodings) {
        try (Predictor<Encoding[], Output> predictor = model.newPredictor(translator)) {
            return predictor.predict(encodings);
        } catch (TranslateException | RuntimeException e) {
            if (e.getCause() instanceof BrokenModelException broken) {
                throw broken;
            }
            if (e instanceof BrokenModelException broken) {
                throw broken;
            }
            throw new BrokenModelException(name, "running [" + ModelFiles.ONNX_FILE + "] failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }

    /** Feeds the encodings as the model's named int64 inputs and reads back the descriptor's output. */
    private final class BatchTranslator implements NoBatchifyTranslator<Encoding[], Output> {

        @Override
        public NDList processInput(TranslatorContext ctx, Encoding[] encodings) {
            ctx.setAttachment("encodings", encodings);
            NDManager manager = ctx.getNDManager();
            int tokens = encodings[0].getIds().length;
            NDList inputs = new NDList(inputNames.size());
            for (String input : inputNames) {
                long[] values = new long[encodings.length * tokens];
                for (int i = 0; i < encodings.length; i++) {
                    long[] row = switch (input) {
                        case INPUT_IDS -> encodings[i].getIds();
                        case ATTENTION_MASK -> encodings[i].getAttentionMask();
                        default -> encodings[i].getTypeIds();
                    };
                    System.arraycopy(row, 0, values, i * tokens, tokens);
                }
                NDArray array = manager.create(values, new Shape(encodings.length, tokens));
                array.setName(input);
                inputs.add(array);
            }
            return inputs;
        }

        @Override
        public Output processOutput(TranslatorContext ctx, NDList outputs) {
            NDArray output = outputs.get(descriptor.output());
            if (output == null) {
                throw new BrokenModelException(
                    name,
                    String.format(
                        Locale.ROOT,
                        "[%s] has no output [%s] (its outputs are %s); set [output] in [%s]",
                        ModelFiles.ONNX_FILE,
                        descriptor.output(),
                        outputs.stream().map(NDArray::getName).toList(),
                        ModelDescriptor.FILE_NAME
                    )
                );
            }
            if (output.getDataType() != DataType.FLOAT32) {
                throw new BrokenModelException(
                    name,
                    String.format(Locale.ROOT, "output [%s] is [%s], expected float32", descriptor.output(), output.getDataType())
                );
            }
            Encoding[] encodings = (Encoding[]) ctx.getAttachment("encodings");
            long[] shape = output.getShape().getShape();
            if (shape.length == 0 || shape[0] != encodings.length) {
                throw new BrokenModelException(
                    name,
                    String.format(
                        Locale.ROOT,
                        "output [%s] has shape %s for a batch of [%d]",
                        descriptor.output(),
                        Arrays.toString(shape),
                        encodings.length
                    )
                );
            }
            return new Output(encodings, shape, output.toFloatArray());
        }
    }
}
