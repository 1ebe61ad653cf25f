package dev.pyramid.model;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.common.util.LazyInitializable;
import org.opensearch.env.Environment;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The node's models, from {@code <config>/pyramid/models/<name>/}. A model loads on first use, once: concurrent
 * first calls wait for the same load. A load that fails is not remembered, so a model whose files are fixed loads on
 * the next call, without a restart; a loaded model stays as it is until the node stops ({@link #close()}), even if
 * its files change. One registry per node, made in {@code PyramidPlugin#createComponents}.
 */
public final class ModelRegistry implements Closeable {

    private static final Logger logger = LogManager.getLogger(ModelRegistry.class);

    private final Path modelsDir;
    private final DjlRuntime runtime;
    private final ConcurrentMap<String, LazyInitializable<OnnxTextModel, RuntimeException>> models = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> loadCounts = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param modelsDir where model directories are
     * @param workDir   a directory this node may write, where DJL unpacks its native libraries
     */
    public ModelRegistry(Path modelsDir, Path workDir) {
        this.modelsDir = modelsDir.toAbsolutePath().normalize();
        this.runtime = new DjlRuntime(workDir.resolve("djl"));
    }

    /** The registry of a node: models under {@code <config>/pyramid/models}, natives unpacked under the node's tmp dir. */
    public static ModelRegistry forNode(Environment environment) {
        return new ModelRegistry(modelsDir(environment), environment.tmpDir().resolve("pyramid"));
    }

    public static Path modelsDir(Environment environment) {
        return environment.configDir().resolve("pyramid").resolve("models");
    }

    public Path modelsDir() {
        return modelsDir;
    }

    /**
     * The {@code embedding} model {@code name}.
     *
     * @throws IllegalArgumentException if the name is invalid, the model is not installed or of another kind
     * @throws BrokenModelException     if the model's files do not load
     */
    public TextEmbedder embedder(String name) {
        return new TextEmbedder(model(name, ModelKind.EMBEDDING));
    }

    /** The {@code cross_encoder} model {@code name}; throws as {@link #embedder(String)} does. */
    public CrossEncoder crossEncoder(String name) {
        return new CrossEncoder(model(name, ModelKind.CROSS_ENCODER));
    }

    /** The {@code late_interaction} model {@code name}; throws as {@link #embedder(String)} does. */
    public LateInteractionScorer lateInteraction(String name) {
        return new LateInteractionScorer(model(name, ModelKind.LATE_INTERACTION));
    }

    /**
     * The kind of model {@code name}, from its descriptor alone: cheap (no native code loads), so a caller on a
     * transport thread can check a model before handing the work to a pool. Throws as {@link #embedder(String)} does.
     */
    public ModelKind kind(String name) {
        ModelFiles files = ModelFiles.locate(modelsDir, name);
        files.checkPresent();
        return readDescriptor(files).kind();
    }

    private OnnxTextModel model(String name, ModelKind expected) {
        OnnxTextModel model = model(name);
        ModelKind kind = model.descriptor().kind();
        if (kind != expected) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "model [%s] is a [%s] model, but an [%s] model is needed here",
                    name,
                    kind.jsonName(),
                    expected.jsonName()
                )
            );
        }
        return model;
    }

    private OnnxTextModel model(String name) {
        ModelFiles files = ModelFiles.locate(modelsDir, name);
        ensureOpen();
        LazyInitializable<OnnxTextModel, RuntimeException> loaded = models.get(name);
        if (loaded == null) {
            // only installed models get an entry, so requests naming absent models cannot grow the map
            files.checkPresent();
            loaded = models.computeIfAbsent(name, n -> new LazyInitializable<>(() -> load(files), m -> {}, OnnxTextModel::close));
        }
        return loaded.getOrCompute();
    }

    /** Runs under the model's {@link LazyInitializable} lock, which {@link #close()} also takes. */
    private OnnxTextModel load(ModelFiles files) {
        ensureOpen();
        files.checkPresent();
        ModelDescriptor descriptor = readDescriptor(files);
        long start = System.nanoTime();
        OnnxTextModel model = DjlRuntime.withPluginClassLoader(() -> OnnxTextModel.load(files, descriptor, runtime.engine()));
        loadCounts.merge(files.name(), 1, Integer::sum);
        logger.info(
            "loaded model [{}] ({}, max_length {}) from [{}] in {} ms",
            files.name(),
            descriptor.kind().jsonName(),
            descriptor.maxLength(),
            files.directory(),
            (System.nanoTime() - start) / 1_000_000
        );
        return model;
    }

    private static ModelDescriptor readDescriptor(ModelFiles files) {
        try (InputStream in = Files.newInputStream(files.descriptor())) {
            return ModelDescriptor.parse(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new BrokenModelException(files.name(), "descriptor [" + files.descriptor() + "] is invalid: " + e.getMessage(), e);
        }
    }

    /** How many times model {@code name} was loaded (successfully); once, unless the node reloads nothing. For tests. */
    int loadCount(String name) {
        return loadCounts.getOrDefault(name, 0);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the model registry is closed: the node is shutting down");
        }
    }

    /** Closes every loaded model; a load in progress finishes first and is then closed. Later calls fail. */
    @Override
    public void close() {
        closed = true;
        for (LazyInitializable<OnnxTextModel, RuntimeException> model : models.values()) {
            model.reset();
        }
        models.clear();
    }
}
