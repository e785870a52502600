package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The web app is served by the same process, with no build step: pages at clean addresses, modules, styles and the chart library. */
class StaticAssetsTest extends WebAppTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/, text/html, <main id=\"main\"",
        "/stores, text/html, /js/pages/stores.js",
        "/inventory, text/html, /js/pages/inventory.js",
        "/reorder, text/html, /js/pages/reorder.js",
        "/simulate, text/html, /js/pages/simulate.js",
        "/feeds, text/html, /js/pages/feeds.js",
        "/runs, text/html, /js/pages/runs.js",
        "/quality, text/html, /js/pages/quality.js",
        "/js/api.js, javascript, export const api",
        "/js/format.js, javascript, Intl.NumberFormat",
        "/css/app.css, text/css, --brand",
        "/webjars/echarts/5.5.0/echarts.min.js, javascript, echarts",
    })
    void isServed(String path, String type, String content) {
        HttpResponse<String> r = getAs("text/html,*/*;q=0.8", path);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains(type);
        assertThat(r.body()).contains(content);
    }
}
