package io.stockroom.cli;

import io.stockroom.ingest.FeedStore;
import java.util.List;
import java.util.Optional;

/** Where the feed commands read feeds: the warehouse this process opened, or the API of the server that owns it. */
interface FeedSource {

    List<FeedStore.Feed> list(String status, String dataset, int limit);

    Optional<FeedStore.Feed> find(String feedId);

    List<FeedStore.QuarantinedRow> quarantine(String feedId, int limit);

    static FeedSource of(FeedStore store) {
        return new FeedSource() {
            @Override
            public List<FeedStore.Feed> list(String status, String dataset, int limit) {
                return store.list(status, dataset, limit, 0);
            }

            @Override
            public Optional<FeedStore.Feed> find(String feedId) {
                return store.find(feedId);
            }

            @Override
            public List<FeedStore.QuarantinedRow> quarantine(String feedId, int limit) {
                return store.quarantine(feedId, limit);
            }
        };
    }
}
