package dev.pyramid;

import com.carrotsearch.randomizedtesting.annotations.Name;
import com.carrotsearch.randomizedtesting.annotations.ParametersFactory;

import org.opensearch.test.rest.yaml.ClientYamlTestCandidate;
import org.opensearch.test.rest.yaml.OpenSearchClientYamlSuiteTestCase;

/**
 * Runs the YAML REST suites under {@code rest-api-spec/test/pyramid} against a real node started from the OpenSearch
 * distribution with the plugin zip installed (Maven's pre-integration-test phase starts it, see {@code pom.xml}).
 */
public class PyramidYamlIT extends OpenSearchClientYamlSuiteTestCase {

    public PyramidYamlIT(@Name("yaml") ClientYamlTestCandidate testCandidate) {
        super(testCandidate);
    }

    @ParametersFactory
    public static Iterable<Object[]> parameters() throws Exception {
        return createParameters();
    }
}
