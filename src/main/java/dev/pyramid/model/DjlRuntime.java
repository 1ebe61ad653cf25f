package dev.pyramid.model;

import ai.djl.engine.Engine;
import ai.djl.onnxruntime.engine.OrtEngineProvider;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.common.util.CachedSupplier;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Prepares DJL for a node and hands out its ONNX Runtime engine.
 *
 * <p>DJL reads its configuration only from system properties and environment variables, so this sets three of them
 * (unless the operator already set them): its cache directory, where the tokenizer's native library is unpacked, goes
 * under the node's temporary directory, because the default {@code ~/.djl.ai} is not writable for a service user that
 * has no home; offline mode, so no model or library is ever fetched; and telemetry opt-out, so DJL never probes cloud
 * metadata endpoints. ONNX Runtime unpacks its own natives under {@code java.io.tmpdir}, which OpenSearch already sets
 * to the node's temporary directory.
 */
final class DjlRuntime {

    private static final Logger logger = LogManager.getLogger(DjlRuntime.class);

    static final String CACHE_DIR_PROPERTY = "DJL_CACHE_DIR";
    static final String ENGINE_CACHE_DIR_PROPERTY = "ENGINE_CACHE_DIR";
    static final String OFFLINE_PROPERTY = "ai.djl.offline";
    static final String OPT_OUT_TRACKING_PROPERTY = "OPT_OUT_TRACKING";

    private final Supplier<Engine> engine;

    /** @param cacheDir where DJL unpacks native libraries, unless {@code DJL_CACHE_DIR}/{@code ENGINE_CACHE_DIR} is set */
    DjlRuntime(Path cacheDir) {
        if (isSet(CACHE_DIR_PROPERTY) == false && isSet(ENGINE_CACHE_DIR_PROPERTY) == false) {
            System.setProperty(CACHE_DIR_PROPERTY, cacheDir.toAbsolutePath().toString());
        }
        setIfAbsent(OFFLINE_PROPERTY, "true");
        setIfAbsent(OPT_OUT_TRACKING_PROPERTY, "true");
        logger.debug("DJL cache directory [{}]", System.getProperty(CACHE_DIR_PROPERTY, System.getenv(CACHE_DIR_PROPERTY)));
        this.engine = new CachedSupplier<>(DjlRuntime::createEngine);
    }

    /** The ONNX Runtime engine, created on first use; the provider is called directly, not found by ServiceLoader. */
    Engine engine() {
        return engine.get();
    }

    private static Engine createEngine() {
        // DJL looks engines and tokenizer resources up through the context class loader; make it the plugin's
        return withPluginClassLoader(() -> new OrtEngineProvider().getEngine());
    }

    /** Runs {@code action} with this plugin's class loader as the thread's context class loader. */
    static <T> T withPluginClassLoader(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(DjlRuntime.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static boolean isSet(String key) {
        return System.getProperty(key) != null || System.getenv(key) != null;
    }

    private static void setIfAbsent(String key, String value) {
        if (isSet(key) == false) {
            System.setProperty(key, value);
        }
    }
}
