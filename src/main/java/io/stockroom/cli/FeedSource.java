package io.stockroom.cli;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.ingest.FeedStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where the feed commands read feeds: the warehouse this process opened, or the API of the server that owns it. */
interface FeedSource {

    List<FeedStore.Feed> list(String status, String dataset, int limit);

    Optional<FeedStore.Feed> find(String feedId);

    List<FeedStore.QuarantinedRow> quarantine(String feedId, int limit);

    /**
     * True when no process can be working on a feed now (the embedded file opened read-only: a process writing it
     * holds it exclusively), so a feed still {@code processing}, {@code queued} or {@code transforming} was left by one
     * that stopped.
     */
    default boolean nobodyWriting() {
        return false;
    }

    /** What the feed commands say of such a feed. */
    String STOPPED = "the process loading it stopped (crash or kill) before it finished; nothing of it is in the "
            + "warehouse. The next command that opens the warehouse for writing (stockroom run, ingest or serve) "
            + "settles it: a file received whole is loaded again from the raw lake, any other is marked failed "
            + "(send it again).";

    /** A feed this source says was left unfinished by a stopped process. */
    default boolean stopped(FeedStore.Feed f) {
        return nobodyWriting() && !f.status().isFinal();
    }

    /** No warehouse: every question is answered with where it was looked for. */
    static FeedSource none(Path dataDir) {
        return new FeedSource() {
            @Override
            public List<FeedStore.Feed> list(String status, String dataset, int limit) {
                throw missing();
            }

            @Override
            public Optional<FeedStore.Feed> find(String feedId) {
                throw missing();
            }

            @Override
            public List<FeedStore.QuarantinedRow> quarantine(String feedId, int limit) {
                throw missing();
            }

            private StockroomException missing() {
                return new StockroomException(
                        ErrorCode.NOT_FOUND,
                        "No data directory " + dataDir.toAbsolutePath().normalize()
                                + ", so no warehouse and no feeds. Check --data-dir (or STOCKROOM_DATA_DIR); 'stockroom"
                                + " ingest FILE' or 'stockroom demo' creates it.");
            }
        };
    }

    static FeedSource of(FeedStore store) {
        return of(store, false);
    }

    /** @param readOnlyFile the store reads the embedded file opened read-only, so no other process writes it */
    static FeedSource of(FeedStore store, boolean readOnlyFile) {
        return new FeedSource() {
            @Override
            public boolean nobodyWriting() {
                return readOnlyFile;
            }

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
