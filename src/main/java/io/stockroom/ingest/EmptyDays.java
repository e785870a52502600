package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.contract.Contract;
import io.stockroom.ingest.format.DecodedFile;
import io.stockroom.ingest.format.SourceFormat;
import java.time.LocalDate;

/**
 * A header-only file ({@link DecodedFile#headerOnly()}): for a dataset whose contract says {@code empty_day: valid} a
 * normal day with no rows, loaded as nothing for its business date; for any other dataset a refusal that says what to
 * do. Its business date is never guessed: there are no rows to read one from.
 */
final class EmptyDays {

    private EmptyDays() {}

    /** The refusal of a header-only file whose dataset does not allow an empty day. */
    static StockroomException refused(Contract contract, DecodedFile decoded, LocalDate businessDate) {
        String name = decoded.originalName();
        String store = contract.slice().contains("store_id") ? " --store <store>" : "";
        String on = businessDate == null ? "<date>" : businessDate.toString();
        return new StockroomException(
                ErrorCode.FILE_HEADER_ONLY,
                "'" + name + "' is a " + contract.dataset() + " file with a header row but no data rows"
                        + (decoded.format() == SourceFormat.XLSX ? " on the sheet read" : "")
                        + ", so nothing was loaded. If the export covered the wrong dates"
                        + (decoded.format() == SourceFormat.XLSX ? " or the data is on another sheet (--sheet)" : "")
                        + ", export it again and send it. If there really was nothing that day (e.g. the store was "
                        + "closed), there is no file to load: mark the day as not due so it is not counted missing ("
                        + "stockroom expected --set " + contract.dataset() + store + " --on " + on
                        + " --not --note \"closed\"). An empty " + contract.dataset()
                        + " file is refused because it usually means a broken export; a contract override with "
                        + "'empty_day: valid' (docs/ingest.md) makes it a normal day.");
    }

    /** The refusal of a header-only file of an empty-day dataset whose business date nothing gives. */
    static StockroomException undated(Contract contract, DecodedFile decoded) {
        return new StockroomException(
                ErrorCode.BUSINESS_DATE_REQUIRED,
                "'" + decoded.originalName() + "' is a " + contract.dataset()
                        + " file with a header row and no data rows: a day without " + contract.dataset()
                        + " is valid, but with no rows to read a date from, the file must say which day it is. "
                        + "Nothing was loaded: send it again with its business date: the date in the file name (e.g. "
                        + contract.dataset() + "_2026-11-25.csv), a drop-folder subfolder named for the date, or "
                        + "stockroom ingest --date YYYY-MM-DD.");
    }
}
