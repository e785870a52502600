package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.ingest.format.DecodedFile;
import io.stockroom.ingest.format.FileDecoder;
import io.stockroom.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The stage step: decodes a received file, finds the contract it is for (given, or detected from its name and
 * header) and stages its text in the engine ({@link Staging}).
 */
final class FileStaging {

    private final Warehouse warehouse;
    private final ContractRegistry contracts;
    private final DatasetDetector detector;
    private final Path workDir;
    private final int maxColumns;

    FileStaging(Warehouse warehouse, ContractRegistry contracts, DatasetDetector detector, int maxColumns) {
        this.warehouse = warehouse;
        this.contracts = contracts;
        this.detector = detector;
        this.workDir = warehouse.dataDir().resolve("tmp/decode");
        this.maxColumns = maxColumns;
    }

    /** Decodes the file (encoding, delimiter, structure) on the calling thread. */
    DecodedFile decode(Path file, IngestRequest request) {
        return new FileDecoder(workDir, maxColumns).decode(file, request.originalName(), request.sheet());
    }

    /** Decodes the file on a thread of its own, so that it runs side by side with the lake copy. */
    CompletableFuture<DecodedFile> decodeAside(String feedId, Path file, IngestRequest request) {
        return CompletableFuture.supplyAsync(
                () -> decode(file, request),
                task -> Thread.ofPlatform().daemon().name("decode-" + feedId).start(task));
    }

    /** The decoded file of {@link #decodeAside}; a decoding failure is rethrown as it was thrown. */
    static DecodedFile decoded(CompletableFuture<DecodedFile> decoding) {
        try {
            return decoding.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The contract the request names, or else the one the file's name and header fit without doubt. */
    Contract contract(IngestRequest request, DecodedFile decoded) {
        return contract(request, decoded, true);
    }

    /**
     * @param sure false for a preview: the best fit of the headers is shown for the user to confirm, even where a load
     *     would refuse to guess ({@link DatasetDetector#detect(String, List, boolean)})
     */
    Contract contract(IngestRequest request, DecodedFile decoded, boolean sure) {
        return request.dataset() != null
                ? contracts.get(request.dataset())
                : detector.detect(request.originalName(), decoded.header(), sure);
    }

    /** Stages the decoded file for a load; an engine that cannot read it fails the feed with FILE_UNREADABLE. */
    Staging.Staged stage(Connection c, DecodedFile decoded, IngestRequest request) {
        try {
            return Staging.stage(c, warehouse.dialect(), decoded);
        } catch (SQLException e) {
            throw new StockroomException(
                    ErrorCode.FILE_UNREADABLE,
                    "The engine could not read " + request.originalName() + ": "
                            + FeedSummaries.firstLine(e.getMessage())
                            + ". Check that the file is delimited text with one header row.",
                    e);
        }
    }
}
