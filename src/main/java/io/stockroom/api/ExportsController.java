package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.export.DashboardPdf;
import io.stockroom.export.Spreadsheets;
import io.stockroom.security.CurrentActor;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Turns a table or chart the web app shows into an XLSX workbook: the page sends what it shows (header and rows, raw
 * numbers where it has them) and gets the file back. It reads nothing from the warehouse, so it can only return what
 * the user already sees.
 */
@RestController
@RequestMapping("/api/v1/exports")
class ExportsController {

    /** A page's table is at most a few thousand rows; this keeps one request from asking for a huge workbook. */
    static final int MAX_CELLS = 500_000;

    private final java.time.ZoneId zone;

    ExportsController(io.stockroom.StockroomProperties properties) {
        this.zone = properties.zone();
    }

    record TableExport(String name, List<String> header, List<List<Object>> rows) {}

    @PostMapping("/xlsx")
    ResponseEntity<byte[]> xlsx(@RequestBody TableExport body) {
        if (body == null || body.header() == null || body.header().isEmpty()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Field 'header' must list the column names of the table to export.");
        }
        List<List<Object>> rows = body.rows() == null ? List.of() : body.rows();
        long cells = (long) rows.size() * body.header().size();
        if (cells > MAX_CELLS) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "The table has " + cells + " cells; an export holds at most " + MAX_CELLS
                            + ". Narrow the filters, or use the API's CSV endpoints for bulk data.");
        }
        List<List<Object>> clean = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            clean.add(
                    row == null
                            ? List.of()
                            : row.stream().map(ExportsController::cell).toList());
        }
        String name = body.name() == null || body.name().isBlank()
                ? "table"
                : body.name().strip();
        byte[] file = Spreadsheets.xlsx(
                name, body.header().stream().map(h -> h == null ? "" : h).toList(), clean);
        String fileName = name.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(
                                        (fileName.isEmpty() ? "table" : fileName) + "-" + LocalDate.now(zone) + ".xlsx")
                                .build()
                                .toString())
                .contentType(MediaType.parseMediaType(Spreadsheets.XLSX))
                .body(file);
    }

    /**
     * A dashboard page as one PDF: the page sends its title, period, filters, currency, warnings, KPI cards, charts (SVG)
     * and tables as shown. Like the XLSX export it reads nothing from the warehouse, so it holds only what the user's
     * (store-scoped) page showed; the request is audited as every POST is.
     */
    @PostMapping("/pdf")
    ResponseEntity<byte[]> pdf(@RequestBody DashboardPdf.Page body) {
        byte[] file = DashboardPdf.render(body, CurrentActor.get().name(), Instant.now());
        String title = body.title() == null ? "dashboard" : body.title();
        String fileName = title.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename((fileName.isEmpty() ? "dashboard" : fileName) + "-" + LocalDate.now(zone)
                                        + ".pdf")
                                .build()
                                .toString())
                .contentType(MediaType.parseMediaType(DashboardPdf.PDF))
                .body(file);
    }

    /** Numbers and booleans stay typed; anything else (nested JSON) is written as its text. */
    private static Object cell(Object v) {
        return v == null || v instanceof Number || v instanceof Boolean || v instanceof String ? v : String.valueOf(v);
    }
}
