package dev.pyramid.testing;

import dev.pyramid.model.ModelRegistry;

import org.opensearch.test.OpenSearchTestCase;
import org.junit.AfterClass;
import org.junit.BeforeClass;

/** A test over the build's test models ({@link TestModels}): one registry per test class, loading each model once. */
public abstract class ModelTestCase extends OpenSearchTestCase {

    private static ModelRegistry testModels;

    @BeforeClass
    public static void openTestModels() {
        testModels = new ModelRegistry(TestModels.dir(), createTempDir());
    }

    @AfterClass
    public static void closeTestModels() {
        testModels.close();
        testModels = null;
    }

    /** The registry of the test models, open for the whole test class. */
    protected static ModelRegistry testModels() {
        return testModels;
    }
}
