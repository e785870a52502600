package io.stockroom.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The PDF layout of a dashboard page, without a browser: text in, text out; charts drawn; hostile SVG refused. */
class DashboardPdfRenderTest {

    private static final String SVG =
            "<svg width=\"400\" height=\"120\" xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M0 100 L100 40 L200 60\" "
                    + "stroke=\"#4f46e5\" fill=\"none\"/><text x=\"10\" y=\"20\">Mar 1</text></svg>";

    private static DashboardPdf.Page page(String svg) {
        return new DashboardPdf.Page(
                "Overview",
                "Mar 1 – Mar 30, 2026 · compared with Jan 30 – Feb 28, 2026",
                "EUR",
                List.of(
                        new DashboardPdf.Filter("Date range", "Last 30 days"),
                        new DashboardPdf.Filter("Store", "Seattle <Pike> (S001)"),
                        new DashboardPdf.Filter("Area", "Αθήνα Κέντρο · Москва-Сити · Zürich Öst")),
                List.of("Incomplete data: 1 day of this range lacks an expected feed."),
                List.of(
                        new DashboardPdf.Kpi("Net sales", "€1,234,567", "\u2191 +3.2% vs €1,196,000"),
                        new DashboardPdf.Kpi("Margin %", "37.9%", "\u2193 \u22120.5 pp"),
                        new DashboardPdf.Kpi("Avg order value", "Not available", "per item only")),
                List.of(new DashboardPdf.Chart("Sales trend", svg)),
                List.of(new DashboardPdf.Table(
                        "Top products",
                        List.of("#", "Product", "Net sales"),
                        List.of(List.of("1", "Crisps & Dip", "€12,000")))));
    }

    @Test
    void theTextOfThePageIsThePdfsText() throws Exception {
        byte[] pdf = DashboardPdf.render(page(SVG), "anna", Instant.parse("2026-03-31T07:00:00Z"));
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            text = new PDFTextStripper().getText(doc);
        }
        assertThat(text)
                .contains(
                        "Overview",
                        "Mar 1 – Mar 30, 2026",
                        "Date range",
                        "Last 30 days",
                        "Seattle <Pike> (S001)",
                        "Αθήνα Κέντρο · Москва-Сити · Zürich Öst",
                        "Currency",
                        "EUR",
                        "Incomplete data: 1 day",
                        "€1,234,567",
                        "37.9%",
                        "-0.5 pp",
                        "Not available",
                        "Sales trend",
                        "Crisps & Dip",
                        "€12,000",
                        "Exported from Stockroom by anna at 2026-03-31T07:00:00 UTC");
    }

    @Test
    void aChartWithADoctypeOrThatIsNotSvgIsRefused() {
        String xxe = "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&xxe;</text></svg>";
        assertThatThrownBy(() -> DashboardPdf.render(
                        page("<!DOCTYPE svg [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" + xxe),
                        "anna",
                        Instant.now()))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_PARAMETER));
        assertThatThrownBy(() -> DashboardPdf.render(
                        page("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&xxe;</text></svg>"),
                        "anna",
                        Instant.now()))
                .isInstanceOfSatisfying(
                        StockroomException.class,
                        e -> assertThat(e.getMessage()).contains("not well-formed"));
        assertThatThrownBy(() -> DashboardPdf.render(page("<script>alert(1)</script>"), "anna", Instant.now()))
                .isInstanceOfSatisfying(
                        StockroomException.class,
                        e -> assertThat(e.getMessage()).contains("<svg>"));
    }
}
