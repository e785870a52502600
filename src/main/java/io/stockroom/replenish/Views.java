package io.stockroom.replenish;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The read models of replenishment, as the API returns them. */
public final class Views {

    private Views() {}

    /**
     * A filter on recommendation lines; null fields do not filter. {@code queue}: {@code review} (still proposed: a buyer
     * decides), {@code rule} (held at 0 and decided by a rule: do not reorder, struck, offer ending), {@code decided}
     * (approved or rejected by a buyer or with their order).
     */
    public record LineQuery(
            LocalDate date,
            String store,
            String supplier,
            String abcClass,
            String exception,
            String queue,
            int limit,
            int offset) {

        public LineQuery(
                LocalDate date,
                String store,
                String supplier,
                String abcClass,
                String exception,
                int limit,
                int offset) {
            this(date, store, supplier, abcClass, exception, null, limit, offset);
        }
    }

    /** A page of lines, the lines to review first; {@code queues} counts the lines of each queue under the same filter. */
    public record RecommendationPage(
            LocalDate date, long total, Map<String, Long> queues, List<RecommendationItem> items) {}

    /** {@code attention}: the line has an exception or flag a buyer should look at before deciding. */
    public record RecommendationItem(
            long id,
            String storeId,
            String storeName,
            String sku,
            String name,
            String supplierId,
            String supplierName,
            String abcClass,
            long recommendedQty,
            long finalQty,
            BigDecimal unitCost,
            BigDecimal lineCost,
            String status,
            boolean decidedByRule,
            boolean attention,
            String exception,
            List<String> flags,
            String poId,
            List<String> explanation) {}

    /** What a bulk decision did: the lines it approved or rejected, and the purchase orders they belong to. */
    public record BulkDecision(LocalDate date, String action, long lines, long purchaseOrders) {}

    /** A file for the browser to download: its name, media type and bytes. */
    public record Download(String fileName, String contentType, byte[] bytes) {}

    public record RecommendationDetail(
            long id,
            LocalDate businessDate,
            String storeId,
            String sku,
            String name,
            String supplierId,
            String supplierName,
            String poId,
            String poStatus,
            String abcClass,
            long recommendedQty,
            long finalQty,
            String status,
            boolean decidedByRule,
            String exception,
            List<String> flags,
            LineValues values,
            List<Step> steps,
            boolean consistent,
            List<String> problems) {}

    public record PurchaseOrderSummary(
            String poId,
            LocalDate businessDate,
            String supplierId,
            String supplierName,
            String storeId,
            String storeName,
            String status,
            long lines,
            long units,
            long cases,
            BigDecimal cost,
            BigDecimal minOrderValue,
            List<String> flags,
            String decidedBy,
            java.time.Instant decidedAt,
            String decisionReason,
            java.time.Instant exportedAt) {}

    public record PurchaseOrderLine(
            long id,
            String storeId,
            String sku,
            String name,
            String supplierSku,
            String abcClass,
            long recommendedQty,
            long finalQty,
            int casePack,
            BigDecimal unitCost,
            String status,
            String exception) {}

    public record PurchaseOrderDetail(PurchaseOrderSummary order, List<PurchaseOrderLine> lines) {}

    /**
     * @param files the files this export wrote (an order sent before is in an earlier one, unchanged)
     * @param purchaseOrders approved orders written for the first time
     * @param resent approved orders sent before and written again because the buyer asked (their revision is one more)
     * @param alreadyExported approved orders sent before and not written again
     * @param skippedUnapproved orders still proposed (only in draft files, when asked)
     */
    /**
     * What an export wrote: {@code directory} is the folder on the server, {@code folder} the same folder named within
     * the data directory (what the API and the audit log show: a client has no use for the server's path).
     */
    public record ExportResult(
            LocalDate date,
            Path directory,
            String folder,
            List<String> files,
            long purchaseOrders,
            long resent,
            long alreadyExported,
            long skippedUnapproved) {}

    public record ExceptionItem(
            String code, String storeId, String sku, String supplierId, BigDecimal value, String detail) {}

    public record ExceptionPage(LocalDate date, long total, Map<String, Long> counts, List<ExceptionItem> items) {}
}
