package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every table and chart exports CSV and XLSX: the XLSX holds what the page shows with numbers as numbers (equal to the
 * API), and text that looks like a formula stays text.
 */
class ExportTest extends BrowserTest {

    /** Runs the page's own export of the element's table (or the given {header, rows}) and returns the XLSX rows. */
    private List<Row> xlsx(String dataScript) throws Exception {
        String base64 = (String) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "Promise.all([import('/js/ui.js'), import('/js/api.js')]).then(async ([ui, api]) => {"
                        + "  try {"
                        + "    const data = " + dataScript + ";"
                        + "    const { blob } = await api.postForBlob('/api/v1/exports/xlsx', { name: 'Test export', ...data });"
                        + "    const bytes = new Uint8Array(await blob.arrayBuffer());"
                        + "    let s = ''; for (const b of bytes) s += String.fromCharCode(b);"
                        + "    done(btoa(s));"
                        + "  } catch (e) { done('ERROR ' + e.message); }"
                        + "});");
        assertThat(base64).doesNotStartWith("ERROR");
        try (ReadableWorkbook wb = new ReadableWorkbook(
                new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            return wb.getFirstSheet().read();
        }
    }

    @Test
    void topProductsExportAsXlsxWithTheApisNumbersAndEveryChartAndTableHasBothButtons() throws Exception {
        desktop();
        open("/");
        find("#top-products tbody tr");
        List<Row> rows = xlsx("ui.tableData(document.querySelector('#top-products table'))");
        assertThat(rows.get(0).getCellText(4)).isEqualTo("Net sales");
        JsonNode top = api("/api/v1/metrics/top-products", "limit", "10").at("/items/0");
        assertThat(rows.get(1).getCellText(1)).contains(top.path("sku").asString());
        assertThat(rows.get(1).getCell(4).getType()).isEqualTo(CellType.NUMBER);
        assertThat(rows.get(1).getCell(4).asNumber())
                .isEqualByComparingTo(top.path("net_sales").decimalValue());
        assertThat(rows.get(1).getCell(3).asNumber())
                .isEqualByComparingTo(top.path("units").decimalValue());
        assertThat(rows).hasSize(findAll("#top-products tbody tr").size() + 1);
        // the trend chart and the table each offer CSV and XLSX
        for (String region : List.of("#trend-export", "#top-products")) {
            assertThat(findAll(region + " [data-export=csv]")).as(region).hasSize(1);
            assertThat(findAll(region + " [data-export=xlsx]")).as(region).hasSize(1);
        }
        // the chart's XLSX holds its points: the last point's net sales is the API's
        JsonNode trend = api("/api/v1/metrics/trend", "group_by", "day");
        JsonNode last = trend.path("points").get(trend.path("points").size() - 1);
        List<Row> points = xlsx("({ header: ['Period', 'Net sales'], rows: [['"
                + last.path("period").asString() + "', "
                + last.path("net_sales").asString() + "]] })");
        assertThat(points.get(1).getCell(1).asNumber())
                .isEqualByComparingTo(last.path("net_sales").decimalValue());

        open("/inventory");
        find("#heatmap table");
        assertThat(findAll("#heatmap [data-export=xlsx]")).hasSize(1);
        open("/quality");
        assertThat(findAll("[data-export=xlsx]")).isNotEmpty();
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void textThatLooksLikeAFormulaStaysTextAndAHugeTableIsRefused() throws Exception {
        open("/");
        List<Row> rows = xlsx("({ header: ['Name', 'Value'], rows: [['=HYPERLINK(\"http://x\")', 5], ['+1', null]] })");
        assertThat(rows.get(1).getCell(0).getType()).isEqualTo(CellType.STRING);
        assertThat(rows.get(1).getCellText(0)).isEqualTo("=HYPERLINK(\"http://x\")");
        assertThat(rows.get(1).getCell(1).asNumber()).isEqualByComparingTo("5");
        assertThat(rows.get(2).getCell(0).getType()).isEqualTo(CellType.STRING);

        String answer = (String) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "import('/js/api.js').then(api => api.postForBlob('/api/v1/exports/xlsx',"
                        + "  { name: 'x', header: ['a', 'b'], rows: Array.from({ length: 250001 }, () => [1, 2]) }))"
                        + ".then(() => done('ok'), (e) => done(e.status + ' ' + e.detail));");
        assertThat(answer).startsWith("400 ").contains("at most 500000");
        consoleErrors(); // the refused request is logged by the browser: drain it, it is the point of this test
    }

    @Test
    void chartDatesCarryTheYearWhenTheyCrossIntoAnotherYear() {
        open("/");
        String across = (String) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "import('/js/format.js').then(f => done(f.dayFormatFor(['2025-12-30', '2026-01-02'])('2026-01-02')"
                        + " + '|' + f.dayFormatFor(['2026-01-02', '2026-01-05'])('2026-01-02')));");
        String[] labels = across.split("\\|");
        assertThat(labels[0]).contains("2026");
        assertThat(labels[1]).doesNotContain("2026");
    }
}
