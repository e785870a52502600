package io.stockroom.model;

import java.util.List;

/** What one refresh or rebuild did: each model in the order it ran, and the total wall time. */
public record ModelRunResult(List<ModelTiming> models, long totalMillis) {

    public ModelRunResult {
        models = List.copyOf(models);
    }

    public long rowsWritten() {
        return models.stream().mapToLong(ModelTiming::rowsWritten).sum();
    }
}
