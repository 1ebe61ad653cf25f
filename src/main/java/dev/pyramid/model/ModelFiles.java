package dev.pyramid.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a model's files are: {@code <models dir>/<name>/model.onnx}, {@code tokenizer.json} and {@code model.json}.
 *
 * @param name      the model's name, a valid {@link ModelName}
 * @param directory the model's directory, directly under the models directory
 */
public record ModelFiles(String name, Path directory) {

    public static final String ONNX_FILE = "model.onnx";
    /** DJL loads {@code <prefix>.onnx} from the model directory. */
    static final String ONNX_PREFIX = "model";
    public static final String TOKENIZER_FILE = "tokenizer.json";

    /**
     * The files of model {@code name} under {@code modelsDir}.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid model name
     */
    public static ModelFiles locate(Path modelsDir, String name) {
        ModelName.check(name);
        Path root = modelsDir.toAbsolutePath().normalize();
        Path directory = root.resolve(name).normalize();
        // the name check already rules this out; kept so that a future relaxation of the check cannot open a path
        if (root.equals(directory.getParent()) == false) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "model name [%s] resolves outside [%s]", name, root));
        }
        return new ModelFiles(name, directory);
    }

    public Path onnx() {
        return directory.resolve(ONNX_FILE);
    }

    public Path tokenizer() {
        return directory.resolve(TOKENIZER_FILE);
    }

    public Path descriptor() {
        return directory.resolve(ModelDescriptor.FILE_NAME);
    }

    /**
     * Checks that the model's directory and its three files exist.
     *
     * @throws IllegalArgumentException naming the model and what is missing
     */
    void checkPresent() {
        if (Files.isDirectory(directory) == false) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "model [%s] is not installed on this node: [%s] is not a directory (a model is a directory holding [%s], "
                        + "[%s] and [%s])",
                    name,
                    directory,
                    ONNX_FILE,
                    TOKENIZER_FILE,
                    ModelDescriptor.FILE_NAME
                )
            );
        }
        for (Path file : new Path[] { descriptor(), onnx(), tokenizer() }) {
            if (Files.isRegularFile(file) == false) {
                throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "model [%s] is incomplete on this node: [%s] is missing", name, file)
                );
            }
        }
    }
}
