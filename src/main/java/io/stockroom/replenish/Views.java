package io.stockroom.replenish;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/** The read models of replenishment, as the API returns them. */
public final class Views {

    private Views() {}

    /** A filter on recommendation lines; null fields do not filter. */
    public record LineQuery(LocalDate date, String store, String supplier, String abcClass, String exception, int limit, int offset) {}

    public record RecommendationPage(LocalDate date, long total, List<RecommendationItem> items) {}

    public record RecommendationItem(long id, String storeId, String sku, String name, String supplierId, String abcClass,
                                     long recommendedQty, long finalQty, String status, String exception, List<String> flags,
                                     String poId, List<String> explanation) {}

    public record RecommendationDetail(long id, LocalDate businessDate, String storeId, String sku, String name,
                                       String supplierId, String supplierName, String poId, String poStatus, String abcClass,
                                       long recommendedQty, long finalQty, String status, String exception, List<String> flags,
                                       LineValues values, List<Step> steps, boolean consistent, List<String> problems) {}

    public record PurchaseOrderSummary(String poId, LocalDate businessDate, String supplierId, String supplierName, String storeId,
                                       String status, long lines, long units, long cases, BigDecimal cost,
                                       BigDecimal minOrderValue, List<String> flags, String decidedBy, LocalDateTime decidedAt,
                                       String decisionReason, LocalDateTime exportedAt) {}

    public record PurchaseOrderLine(long id, String storeId, String sku, String name, String supplierSku, String abcClass,
                                    long recommendedQty, long finalQty, int casePack, BigDecimal unitCost, String status,
                                    String exception) {}

    public record PurchaseOrderDetail(PurchaseOrderSummary order, List<PurchaseOrderLine> lines) {}

    public record ExportResult(LocalDate date, Path directory, List<String> files, long purchaseOrders, long skippedUnapproved) {}

    public record ExceptionItem(String code, String storeId, String sku, String supplierId, BigDecimal value, String detail) {}

    public record ExceptionPage(LocalDate date, long total, Map<String, Long> counts, List<ExceptionItem> items) {}
}
