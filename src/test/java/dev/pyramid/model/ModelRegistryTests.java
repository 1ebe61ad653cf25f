package dev.pyramid.model;

import dev.pyramid.testing.TestModels;
import dev.pyramid.testing.TinyOnnxModels;

import org.opensearch.OpenSearchStatusException;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.test.OpenSearchTestCase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

/** Model lookup on disk: names, missing and broken files, kinds, load-once, reload after a fix, close. */
public class ModelRegistryTests extends OpenSearchTestCase {

    private Path modelsDir;
    private ModelRegistry registry;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        modelsDir = createTempDir();
        registry = new ModelRegistry(modelsDir, createTempDir());
    }

    @Override
    public void tearDown() throws Exception {
        registry.close();
        super.tearDown();
    }

    /** A copy of test model {@code source} named {@code name}. */
    private Path install(String source, String name) throws IOException {
        Path target = modelsDir.resolve(name);
        Files.createDirectories(target);
        for (String file : new String[] { "model.onnx", "tokenizer.json", "model.json" }) {
            Files.copy(TestModels.dir().resolve(source).resolve(file), target.resolve(file));
        }
        return target;
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    public void testInvalidNamesAreRejectedBeforeTheDiskIsTouched() {
        for (String name : List.of("..", "../minilm", "a/b", "/tmp/x", "a\\b", "", "mini.lm")) {
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> registry.embedder(name));
            assertThat(e.getMessage(), containsString("model name [" + name + "] is invalid"));
        }
    }

    public void testMissingModel() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> registry.embedder("minilm"));
        assertThat(
            e.getMessage(),
            allOf(containsString("model [minilm] is not installed on this node"), containsString(modelsDir.resolve("minilm").toString()))
        );
    }

    public void testIncompleteModel() throws IOException {
        Path dir = install(TestModels.CROSS_ENCODER, "partial");
        Files.delete(dir.resolve("tokenizer.json"));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> registry.crossEncoder("partial"));
        assertThat(e.getMessage(), containsString("model [partial] is incomplete on this node: [" + dir.resolve("tokenizer.json") + "] is missing"));
    }

    public void testBrokenDescriptor() throws IOException {
        Path dir = install(TestModels.CROSS_ENCODER, "bad-json");
        write(dir.resolve("model.json"), "{\"kind\": \"cross_encoder\", \"max_length\": 64, \"colour\": \"red\"}");
        BrokenModelException e = expectThrows(BrokenModelException.class, () -> registry.crossEncoder("bad-json"));
        assertEquals(RestStatus.INTERNAL_SERVER_ERROR, e.status());
        assertThat(
            e.getMessage(),
            allOf(
                containsString("model [bad-json] is broken: descriptor [" + dir.resolve("model.json") + "] is invalid"),
                containsString("unknown field [colour]")
            )
        );
    }

    public void testBrokenOnnxFile() throws IOException {
        Path dir = install(TestModels.CROSS_ENCODER, "bad-onnx");
        write(dir.resolve("model.onnx"), "this is not a protobuf");
        BrokenModelException e = expectThrows(BrokenModelException.class, () -> registry.crossEncoder("bad-onnx"));
        assertThat(e.getMessage(), containsString("model [bad-onnx] is broken: cannot load [" + dir.resolve("model.onnx") + "]"));
    }

    public void testBrokenTokenizer() throws IOException {
        Path dir = install(TestModels.CROSS_ENCODER, "bad-tokenizer");
        write(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"model\": 42}");
        BrokenModelException e = expectThrows(BrokenModelException.class, () -> registry.crossEncoder("bad-tokenizer"));
        assertThat(e.getMessage(), containsString("model [bad-tokenizer] is broken: cannot load tokenizer [" + dir.resolve("tokenizer.json") + "]"));
    }

    public void testOutputTheModelDoesNotHave() throws IOException {
        Path dir = install(TestModels.CROSS_ENCODER, "renamed-output");
        Files.write(dir.resolve("model.onnx"), TinyOnnxModels.passageLengthModel("scores", true));
        BrokenModelException e = expectThrows(BrokenModelException.class, () -> registry.crossEncoder("renamed-output").score("q", List.of("p")));
        assertThat(
            e.getMessage(),
            containsString("model [renamed-output] is broken: [model.onnx] has no output [logits] (its outputs are [scores]); set [output] in [model.json]")
        );
    }

    public void testEmbeddingOutputOfTheWrongDimension() throws IOException {
        Path dir = install(TestModels.CROSS_ENCODER, "not-an-embedder");
        write(dir.resolve("model.json"), "{\"kind\": \"embedding\", \"max_length\": 64, \"output\": \"logits\", \"dimension\": 8}");
        BrokenModelException e = expectThrows(BrokenModelException.class, () -> registry.embedder("not-an-embedder").embed("text"));
        assertThat(e.getMessage(), containsString("output [logits] has shape [1, 1], but an embedding model of [dimension: 8] gives [batch, tokens, 8] or [batch, 8]"));
    }

    public void testWrongKind() throws IOException {
        install(TestModels.CROSS_ENCODER, "scorer");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> registry.embedder("scorer"));
        assertEquals("model [scorer] is a [cross_encoder] model, but an [embedding] model is needed here", e.getMessage());
        assertEquals(ModelKind.CROSS_ENCODER, registry.kind("scorer"));
    }

    public void testLoadsOnceAndAgainAfterAFix() throws IOException {
        Path dir = install(TestModels.CROSS_ENCODER, "fixable");
        String descriptor = Files.readString(dir.resolve("model.json"));
        write(dir.resolve("model.json"), "{}");
        expectThrows(BrokenModelException.class, () -> registry.crossEncoder("fixable"));
        assertEquals(0, registry.loadCount("fixable"));
        write(dir.resolve("model.json"), descriptor);
        float[] first = registry.crossEncoder("fixable").score("a query", List.of("one passage"));
        float[] second = registry.crossEncoder("fixable").score("a query", List.of("one passage"));
        assertArrayEquals(first, second, 0f);
        assertEquals(1, registry.loadCount("fixable"));
    }

    public void testConcurrentFirstCallsLoadOnce() throws Exception {
        install(TestModels.CROSS_ENCODER, "raced");
        int threads = 6;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String passage = "passage " + "word ".repeat(t);
                results.add(executor.submit(() -> {
                    start.await();
                    return registry.crossEncoder("raced").score("query", List.of(passage, "two words"));
                }));
            }
            for (int t = 0; t < threads; t++) {
                float[] scores = results.get(t).get(1, TimeUnit.MINUTES);
                // the tiny model counts passage tokens: "passage" and t times "word" (1 + t) against "two words" (2)
                assertEquals(scores[1] + t - 1, scores[0], 0f);
            }
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(1, TimeUnit.MINUTES));
        }
        assertEquals(1, registry.loadCount("raced"));
    }

    public void testClosedRegistryRefusesModels() throws IOException {
        install(TestModels.CROSS_ENCODER, "closing");
        registry.crossEncoder("closing");
        registry.close();
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> registry.crossEncoder("closing"));
        assertThat(e.getMessage(), containsString("the model registry is closed"));
    }

    public void testBrokenModelIsAStatusException() {
        assertTrue(OpenSearchStatusException.class.isAssignableFrom(BrokenModelException.class));
    }
}
