package dev.pyramid.stats;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.transport.TransportRequest;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/** What one node is asked for: the concrete index names the coordinating node resolved (none means none). */
public final class PyramidStatsNodeRequest extends TransportRequest {

    private final String[] concreteIndices;

    public PyramidStatsNodeRequest(String[] concreteIndices) {
        this.concreteIndices = Objects.requireNonNull(concreteIndices).clone();
    }

    public PyramidStatsNodeRequest(StreamInput in) throws IOException {
        super(in);
        concreteIndices = in.readStringArray();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeStringArray(concreteIndices);
    }

    public Set<String> concreteIndices() {
        return Set.copyOf(Arrays.asList(concreteIndices));
    }
}
