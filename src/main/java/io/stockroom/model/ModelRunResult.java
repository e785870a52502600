package io.stockroom.model;

import java.util.List;

/**
 * What one refresh or rebuild did: each model in the order it ran, and the total wall time. {@code trinoFailed}: on a
 * deployment with Trino, why the refresh there failed (Trino down), so that the marts Trino runs wait for its next
 * refresh; null when it did not.
 */
public record ModelRunResult(List<ModelTiming> models, long totalMillis, String trinoFailed) {

    public ModelRunResult {
        models = List.copyOf(models);
    }

    public ModelRunResult(List<ModelTiming> models, long totalMillis) {
        this(models, totalMillis, null);
    }

    public long rowsWritten() {
        return models.stream().mapToLong(ModelTiming::rowsWritten).sum();
    }

    /** This result, saying the refresh on Trino failed for {@code reason}. */
    ModelRunResult withTrinoFailed(String reason) {
        return new ModelRunResult(models, totalMillis, reason);
    }
}
