package dev.pyramid.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes tiny ONNX models whose output is a known function of their inputs, for tests of the model code paths that
 * have no trained model on Maven Central (there is no cross-encoder there). The protobuf is encoded by hand from
 * onnx.proto (ModelProto, GraphProto, NodeProto, ...), so no ONNX library is needed.
 *
 * <p>{@link #passageLengthCrossEncoder()} takes the BERT inputs {@code input_ids}, {@code attention_mask},
 * {@code token_type_ids} ({@code int64 [batch, seq]}) and returns
 *
 * <pre>
 *   logits[b, 0] = sum over t of token_type_ids[b, t] * attention_mask[b, t]
 * </pre>
 *
 * i.e. the number of tokens of the second segment of a (query, passage) pair: the passage's tokens after truncation,
 * plus its closing {@code [SEP]}. Padding does not count. The committed
 * {@code src/test/models/tiny-cross-encoder/model.onnx} is this model; {@code TinyOnnxModelsTests} checks it is.
 *
 * <p>Run {@code main} with a file name to write it again.
 */
public final class TinyOnnxModels {

    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int ATTRIBUTE_INT = 2;
    private static final int IR_VERSION = 8;
    private static final int OPSET = 13;

    private TinyOnnxModels() {}

    public static void main(String[] args) throws IOException {
        Files.write(Path.of(args[0]), passageLengthCrossEncoder());
    }

    /** The cross-encoder described in the class documentation; output {@code logits [batch, 1]}. */
    public static byte[] passageLengthCrossEncoder() {
        return passageLengthModel("logits", true);
    }

    /**
     * The same sum, under another output name, or without {@code keepdims} when {@code keepDims} is false (shape
     * {@code [batch]}); for tests of output checks.
     */
    public static byte[] passageLengthModel(String outputName, boolean keepDims) {
        Proto graph = new Proto();
        graph.message(1, node("cast_types", "Cast", new String[] { "token_type_ids" }, "types_f", intAttribute("to", FLOAT)));
        graph.message(1, node("cast_mask", "Cast", new String[] { "attention_mask" }, "mask_f", intAttribute("to", FLOAT)));
        graph.message(1, node("mul", "Mul", new String[] { "types_f", "mask_f" }, "segment", null));
        graph.message(
            1,
            node("sum", "ReduceSum", new String[] { "segment", "axes" }, outputName, intAttribute("keepdims", keepDims ? 1 : 0))
        );
        graph.string(2, "passage_length");
        Proto axes = new Proto();
        axes.varint(1, 1); // dims: [1]
        axes.varint(2, INT64);
        axes.string(8, "axes");
        axes.bytes(9, new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 }); // raw little-endian int64: 1
        graph.message(5, axes);
        for (String input : new String[] { "input_ids", "attention_mask", "token_type_ids" }) {
            graph.message(11, valueInfo(input, INT64, "batch", "sequence"));
        }
        graph.message(12, keepDims ? valueInfo(outputName, FLOAT, "batch", 1) : valueInfo(outputName, FLOAT, "batch"));

        Proto model = new Proto();
        model.varint(1, IR_VERSION);
        model.string(2, "pyramid-tests");
        model.message(7, graph);
        Proto opset = new Proto();
        opset.string(1, "");
        opset.varint(2, OPSET);
        model.message(8, opset);
        return model.toByteArray();
    }

    private static Proto node(String name, String op, String[] inputs, String output, Proto attribute) {
        Proto node = new Proto();
        for (String input : inputs) {
            node.string(1, input);
        }
        node.string(2, output);
        node.string(3, name);
        node.string(4, op);
        if (attribute != null) {
            node.message(5, attribute);
        }
        return node;
    }

    private static Proto intAttribute(String name, long value) {
        Proto attribute = new Proto();
        attribute.string(1, name);
        attribute.varint(3, value);
        attribute.varint(20, ATTRIBUTE_INT);
        return attribute;
    }

    /** A tensor's name, element type and shape; each dimension a fixed size (Integer) or a symbolic name (String). */
    private static Proto valueInfo(String name, int elementType, Object... dims) {
        Proto shape = new Proto();
        for (Object dim : dims) {
            Proto dimension = new Proto();
            if (dim instanceof Integer size) {
                dimension.varint(1, size);
            } else {
                dimension.string(2, (String) dim);
            }
            shape.message(1, dimension);
        }
        Proto tensor = new Proto();
        tensor.varint(1, elementType);
        tensor.message(2, shape);
        Proto type = new Proto();
        type.message(1, tensor);
        Proto info = new Proto();
        info.string(1, name);
        info.message(2, type);
        return info;
    }

    /** Protobuf wire format: varint (type 0) and length-delimited (type 2) fields, all ONNX needs here. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            writeVarint((long) field << 3);
            writeVarint(value);
        }

        void bytes(int field, byte[] value) {
            writeVarint(((long) field << 3) | 2);
            writeVarint(value.length);
            out.writeBytes(value);
        }

        void string(int field, String value) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        void message(int field, Proto value) {
            bytes(field, value.toByteArray());
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
