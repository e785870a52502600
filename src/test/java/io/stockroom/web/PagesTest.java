package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every page renders its data with no error state and nothing in the browser console; a screenshot of each. */
class PagesTest extends BrowserTest {

    static Stream<Arguments> pages() {
        return Stream.of(
                Arguments.of("overview", "/", "/api/v1/metrics/kpi", "[data-kpi=net_sales]"),
                Arguments.of("stores", "/stores", "/api/v1/metrics/kpi", "#store-alerts"),
                Arguments.of("inventory", "/inventory", "/api/v1/inventory/cover-heatmap", ".hm-cell"),
                Arguments.of("planogram", "/planogram", "/api/v1/planogram/completeness", "#placements tbody tr"),
                Arguments.of(
                        "reorder", "/reorder", "/api/v1/replenishment/recommendations", "#recommendations tbody tr"),
                Arguments.of("simulate", "/simulate", "/api/v1/replenishment/simulations/defaults", "#sim-run"),
                Arguments.of("feeds", "/feeds", "/api/v1/feeds", "#history tbody tr"),
                Arguments.of("runs", "/runs", "/api/v1/runs", "#runs"),
                Arguments.of("quality", "/quality", "/api/v1/quality", "#datasets"),
                Arguments.of("online", "/online", "/api/v1/online/pulse", "[data-metric=revenue]"),
                Arguments.of("customers", "/customers", "/api/v1/online/customers", "#cohort-heatmap"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void rendersWithoutErrors(String page, String path, String api, String content) {
        assumeApi(api);
        open(path);
        find(content);
        assertThat(findAll(".state.error"))
                .as(
                        "error states on %s: %s",
                        page,
                        findAll(".state.error").stream().map(e -> e.getText()).toList())
                .isEmpty();
        assertThat(find("h1").getText()).isNotBlank();
        assertThat(find("#app-nav a[aria-current=page]").getText()).isNotBlank();
        assertThat(consoleErrors()).as("console errors on %s", page).isEmpty();
        screenshot(page);
    }
}
