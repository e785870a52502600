package io.stockroom.export;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FSFontUseCase;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer.SvgExternalResourceMode;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer.SvgScriptMode;
import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A dashboard page as one PDF (issue 12): its title and period, the filters, the currency, any "data incomplete" or
 * comparison warning the page shows, the KPI cards, the charts (the page's own SVG, drawn as vectors) and the tables.
 * The page sends what it shows, as with the XLSX export; nothing is read from the warehouse here, so the PDF holds
 * only what the user could already see. The charts' SVG is parsed without DTDs and drawn with scripts and external
 * resources off, so a crafted chart cannot make the server fetch or run anything.
 */
public final class DashboardPdf {

    public static final String PDF = "application/pdf";

    /** Bounds on what one page may send: far above a dashboard, far below what would tie up the server. */
    static final int MAX_CHARTS = 20;

    static final int MAX_SVG_CHARS = 2_000_000;
    static final int MAX_TABLE_CELLS = 50_000;

    /** What the page shows. Every list may be empty; text is shown as sent (escaped). */
    public record Page(
            String title,
            String subtitle,
            String currency,
            List<Filter> filters,
            List<String> warnings,
            List<Kpi> kpis,
            List<Chart> charts,
            List<Table> tables) {}

    public record Filter(String label, String value) {}

    /** A KPI card: its label, value as shown ("Not available" included) and the line under it (change, comparison). */
    public record Kpi(String label, String value, String detail) {}

    public record Chart(String title, String svg) {}

    public record Table(String title, List<String> header, List<List<String>> rows) {}

    /** The embedded font (subset into each PDF): WinAnsi's built-in fonts would print a Greek or Cyrillic name as '#'. */
    private static final String FONT = "DejaVu Sans";

    private static final String FONTS = "/net/sf/jasperreports/fonts/dejavu/DejaVuSans";

    private DashboardPdf() {}

    /** The PDF of {@code page}, with who exported it and when in its footer. */
    public static byte[] render(Page page, String actor, Instant at) {
        check(page);
        String xhtml = xhtml(page, actor, at);
        Document doc = parse(xhtml);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            for (int weight : new int[] {400, 700}) {
                builder.useFont(
                        () -> DashboardPdf.class.getResourceAsStream(FONTS + (weight == 700 ? "-Bold.ttf" : ".ttf")),
                        FONT,
                        weight,
                        BaseRendererBuilder.FontStyle.NORMAL,
                        true,
                        EnumSet.of(FSFontUseCase.DOCUMENT, FSFontUseCase.SVG, FSFontUseCase.FALLBACK_PRE));
            }
            builder.useSVGDrawer(new BatikSVGDrawer(SvgScriptMode.SECURE, SvgExternalResourceMode.SECURE));
            // nothing outside the document: no images, fonts or stylesheets by URL
            builder.useUriResolver((base, uri) -> null);
            builder.withW3cDocument(doc, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException | RuntimeException e) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "The page could not be laid out as a PDF (" + e.getMessage()
                            + "). Export the tables as XLSX instead, or report this with the page's address.",
                    e);
        }
        return out.toByteArray();
    }

    private static void check(Page page) {
        if (page == null || blank(page.title())) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Field 'title' must name the page to export (e.g. 'Overview').");
        }
        List<Chart> charts = nz(page.charts());
        if (charts.size() > MAX_CHARTS) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "The page sent " + charts.size() + " charts; a PDF holds at most " + MAX_CHARTS + ".");
        }
        for (Chart c : charts) {
            String svg = c.svg() == null ? "" : c.svg().strip();
            if (!svg.startsWith("<svg") || svg.length() > MAX_SVG_CHARS) {
                throw new StockroomException(
                        ErrorCode.BAD_PARAMETER,
                        "Chart '" + c.title() + "' must be one <svg> element of at most " + MAX_SVG_CHARS
                                + " characters, as the page's chart renders it.");
            }
        }
        long cells = 0;
        for (Table t : nz(page.tables())) {
            cells += (long) nz(t.rows()).size() * Math.max(1, nz(t.header()).size());
        }
        if (cells > MAX_TABLE_CELLS) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "The page's tables have " + cells + " cells; a PDF holds at most " + MAX_TABLE_CELLS
                            + ". Narrow the filters, or export the tables as XLSX.");
        }
    }

    static String xhtml(Page page, String actor, Instant at) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>")
                .append(esc(page.title()))
                .append("</title><style>")
                .append(CSS)
                .append("</style></head><body>");
        b.append("<h1>").append(esc(page.title())).append("</h1>");
        if (!blank(page.subtitle())) {
            b.append("<p class=\"period\">").append(esc(page.subtitle())).append("</p>");
        }
        b.append("<table class=\"meta\"><tbody>");
        for (Filter f : nz(page.filters())) {
            b.append("<tr><th>")
                    .append(esc(f.label()))
                    .append("</th><td>")
                    .append(esc(f.value()))
                    .append("</td></tr>");
        }
        b.append("<tr><th>Currency</th><td>")
                .append(esc(blank(page.currency()) ? "not stated" : page.currency()))
                .append("</td></tr>");
        b.append("</tbody></table>");
        for (String w : nz(page.warnings())) {
            b.append("<div class=\"warn\">").append(esc(w)).append("</div>");
        }
        if (!nz(page.kpis()).isEmpty()) {
            b.append("<table class=\"kpis\"><tbody><tr>");
            int i = 0;
            for (Kpi k : page.kpis()) {
                if (i > 0 && i % 4 == 0) {
                    b.append("</tr><tr>");
                }
                b.append("<td><div class=\"label\">")
                        .append(esc(k.label()))
                        .append("</div><div class=\"value\">")
                        .append(esc(k.value()))
                        .append("</div><div class=\"detail\">")
                        .append(esc(k.detail()))
                        .append("</div></td>");
                i++;
            }
            b.append("</tr></tbody></table>");
        }
        for (Chart c : nz(page.charts())) {
            b.append("<div class=\"chart\"><h2>")
                    .append(esc(c.title()))
                    .append("</h2>")
                    .append(svg(c.svg()))
                    .append("</div>");
        }
        for (Table t : nz(page.tables())) {
            b.append("<h2>").append(esc(t.title())).append("</h2><table class=\"data\"><thead><tr>");
            for (String h : nz(t.header())) {
                b.append("<th>").append(esc(h)).append("</th>");
            }
            b.append("</tr></thead><tbody>");
            for (List<String> row : nz(t.rows())) {
                b.append("<tr>");
                for (String cell : nz(row)) {
                    b.append("<td>").append(esc(cell)).append("</td>");
                }
                b.append("</tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<p class=\"foot\">Exported from Stockroom by ")
                .append(esc(actor))
                .append(" at ")
                .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                        at.atOffset(ZoneOffset.UTC).withNano(0)))
                .append(" UTC</p>");
        b.append("</body></html>");
        return b.toString();
    }

    /** The chart's SVG with the SVG namespace made explicit, so it sits in the XHTML as an SVG element. */
    private static String svg(String svg) {
        // ECharts paints invisible hit areas with fill="transparent", a CSS colour SVG 1.1 (Batik) does not know
        String s = svg.strip().replace("=\"transparent\"", "=\"none\"");
        if (!s.contains("xmlns=\"http://www.w3.org/2000/svg\"")) {
            s = "<svg xmlns=\"http://www.w3.org/2000/svg\"" + s.substring(4);
        }
        return s;
    }

    /** Parses the page as XML with DTDs and external entities refused. */
    private static Document parse(String xhtml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder db = f.newDocumentBuilder();
            db.setErrorHandler(null);
            return db.parse(new InputSource(new StringReader(xhtml)));
        } catch (ParserConfigurationException | IOException e) {
            throw new StockroomException(ErrorCode.INTERNAL, "Cannot prepare the PDF: " + e.getMessage(), e);
        } catch (SAXException e) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "A chart's SVG is not well-formed XML (" + e.getMessage()
                            + "); send the chart as the page renders it (XMLSerializer of its <svg>).",
                    e);
        }
    }

    /**
     * Text for the PDF: a few typographic characters the pages use are spelled plainly (a minus sign as '-', a warning
     * sign as '!', narrow and no-break spaces as spaces), so that text searched or copied out of the PDF matches what a
     * reader types; XML special characters are escaped.
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = REPLACE.get(c);
            if (r != null) {
                b.append(r);
                continue;
            }
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static final Map<Character, String> REPLACE = Map.of(
            '\u2212', "-", '\u26a0', "!", '\u202f', " ", '\u00a0', " ", '\u2009', " ", '\u2192', "->", '\u2191', "+",
            '\u2193', "-", '\u2715', "x", '\ufe0f', "");

    private static final String CSS = """
            @page { size: A4 landscape; margin: 14mm 12mm; }
            body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; color: #0f172a; }
            h1 { font-size: 18pt; margin: 0 0 2mm 0; }
            h2 { font-size: 11pt; margin: 5mm 0 2mm 0; }
            .period { color: #475569; margin: 0 0 3mm 0; }
            table.meta th { text-align: left; color: #475569; font-weight: normal; padding: 0 4mm 0 0; }
            .warn { border: 1px solid #f59e0b; background: #fffbeb; padding: 2mm; margin: 2mm 0; }
            table.kpis { width: 100%; border-collapse: separate; border-spacing: 2mm; }
            table.kpis td { border: 1px solid #e2e8f0; padding: 2mm; vertical-align: top; width: 25%; }
            .label { color: #475569; }
            .value { font-size: 14pt; font-weight: bold; margin: 1mm 0; }
            .detail { color: #475569; font-size: 8pt; }
            .chart { page-break-inside: avoid; }
            .chart svg { width: 100%; height: 70mm; }
            table.data { width: 100%; border-collapse: collapse; -fs-table-paginate: paginate; }
            table.data th { text-align: left; border-bottom: 1px solid #94a3b8; padding: 1mm; }
            table.data td { border-bottom: 1px solid #e2e8f0; padding: 1mm; }
            .foot { color: #94a3b8; font-size: 7pt; margin-top: 5mm; }
            """;

    private static <T> List<T> nz(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
