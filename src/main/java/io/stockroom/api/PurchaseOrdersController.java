package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.replenish.PurchaseOrders;
import io.stockroom.replenish.Recommendations;
import io.stockroom.replenish.Views.Download;
import io.stockroom.replenish.Views.ExportResult;
import io.stockroom.replenish.Views.PurchaseOrderDetail;
import io.stockroom.replenish.Views.PurchaseOrderSummary;
import io.stockroom.security.AccessProperties;
import io.stockroom.security.Actor;
import io.stockroom.security.CurrentActor;
import io.stockroom.security.Permission;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Supplier purchase orders: list, detail, approve/reject, and the export of approved orders (issue 4). */
@RestController
@RequestMapping("/api/v1/purchase-orders")
class PurchaseOrdersController {

    private static final Set<String> STATUSES = Set.of("proposed", "approved", "rejected");

    private final PurchaseOrders orders;
    private final Recommendations recommendations;
    private final AccessProperties access;

    PurchaseOrdersController(PurchaseOrders orders, Recommendations recommendations, AccessProperties access) {
        this.orders = orders;
        this.recommendations = recommendations;
        this.access = access;
    }

    /** The acting buyer is the signed-in principal, never a field of the request. */
    record DecisionRequest(String reason) {}

    @GetMapping
    List<PurchaseOrderSummary> list(
            @RequestParam(required = false) String date,
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String supplier,
            @RequestParam(required = false) String status) {
        String s = ReplenishmentController.blank(status);
        if (s != null && !STATUSES.contains(s)) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'status' must be proposed, approved or rejected, got '" + s + "'.");
        }
        return orders.list(
                date(date), ReplenishmentController.blank(store), ReplenishmentController.blank(supplier), s);
    }

    @GetMapping("/{id}")
    PurchaseOrderDetail one(@PathVariable String id) {
        return orders.get(id);
    }

    @Answers(value = ErrorCode.CONFLICT, when = "The order is no longer proposed, or (approve) orders nothing")
    @PostMapping("/{id}/approve")
    PurchaseOrderDetail approve(@PathVariable String id, @RequestBody(required = false) DecisionRequest body) {
        Actor actor = CurrentActor.get();
        BigDecimal limit = actor.can(Permission.APPROVE_ORDERS_ANY_VALUE) ? null : access.poApprovalLimit();
        return orders.approve(id, actor.name(), body == null ? null : body.reason(), limit);
    }

    @Answers(value = ErrorCode.CONFLICT, when = "The order is no longer proposed, or (approve) orders nothing")
    @PostMapping("/{id}/reject")
    PurchaseOrderDetail reject(@PathVariable String id, @RequestBody(required = false) DecisionRequest body) {
        return orders.reject(id, CurrentActor.get().name(), body == null ? null : body.reason());
    }

    /** The approved orders as a file the browser saves: CSV, JSON or XLSX, all suppliers or one. */
    @GetMapping("/download")
    ResponseEntity<byte[]> download(
            @RequestParam(required = false) String date,
            @RequestParam(required = false) String supplier,
            @RequestParam(defaultValue = "csv") String format) {
        Download file = orders.download(date(date), ReplenishmentController.blank(supplier), format);
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(file.fileName())
                                .build()
                                .toString())
                .contentType(MediaType.parseMediaType(file.contentType()))
                .body(file.bytes());
    }

    /** What an export wrote, its folder named within the data directory, not by the server's path. */
    record ExportAnswer(
            LocalDate date,
            String directory,
            List<String> files,
            long purchaseOrders,
            long resent,
            long alreadyExported,
            long skippedUnapproved) {}

    @PostMapping("/export")
    ExportAnswer export(
            @RequestParam(required = false) String date,
            @RequestParam(defaultValue = "false") boolean drafts,
            @RequestParam(required = false) List<String> resend) {
        ExportResult r = orders.export(date(date), drafts, resend == null ? Set.of() : Set.copyOf(resend));
        return new ExportAnswer(
                r.date(),
                r.folder(),
                r.files(),
                r.purchaseOrders(),
                r.resent(),
                r.alreadyExported(),
                r.skippedUnapproved());
    }

    private LocalDate date(String value) {
        if (value == null || value.isBlank()) {
            LocalDate latest = recommendations.latestDate();
            if (latest == null) {
                throw new StockroomException(
                        ErrorCode.NOT_FOUND,
                        "No replenishment run yet; run `stockroom replenish --date YYYY-MM-DD` first.");
            }
            return latest;
        }
        return ReplenishmentController.parseDate("date", value);
    }
}
