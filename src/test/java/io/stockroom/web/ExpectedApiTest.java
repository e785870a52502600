package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The expected-feeds calendar over HTTP: edit a rule, see it, remove it; bad input is a 400 that says what to send. */
class ExpectedApiTest extends WebAppTest {

    @Test
    void aRuleIsSetShownAndRemoved() throws Exception {
        HttpResponse<String> put = send(
                "PUT",
                "/api/v1/expected/rules",
                "{\"dataset\": \"sales\", \"store_id\": \"S001\", \"applies_to\": \"2099-01-01\", \"expected\": false, \"note\": \"closed\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(JSON.readTree(put.body()).path("applies_to").asString()).isEqualTo("2099-01-01");

        JsonNode calendar = api("/api/v1/expected", "date", "2099-01-01");
        assertThat(StreamSupport.stream(calendar.path("rules").spliterator(), false)
                        .map(r -> r.path("store_id").asString() + "/"
                                + r.path("note").asString()))
                .contains("S001/closed");

        assertThat(send("DELETE", "/api/v1/expected/rules?dataset=sales&store_id=S001&applies_to=2099-01-01", null)
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> again =
                send("DELETE", "/api/v1/expected/rules?dataset=sales&store_id=S001&applies_to=2099-01-01", null);
        assertThat(again.statusCode()).isEqualTo(404);
    }

    @Test
    void badRulesAreRefusedWithWhatToFix() throws Exception {
        HttpResponse<String> master =
                send("PUT", "/api/v1/expected/rules", "{\"dataset\": \"stores\", \"expected\": true}");
        assertThat(master.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(master.body()).path("detail").asString())
                .contains("not a fact dataset")
                .contains("sales");
        HttpResponse<String> day = send(
                "PUT",
                "/api/v1/expected/rules",
                "{\"dataset\": \"sales\", \"applies_to\": \"someday\", \"expected\": true}");
        assertThat(day.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(day.body()).path("detail").asString()).contains("daily, a weekday");
    }

    @Test
    void theGapsListTheDemoChainsFailedSalesDay() {
        LocalDate failed = LocalDate.ofEpochDay(
                sqlLong(
                        "SELECT MAX(business_date) - DATE '1970-01-01' FROM feeds WHERE dataset = 'sales' AND status = 'failed'"));
        JsonNode gaps = api(
                "/api/v1/expected/gaps",
                "from",
                failed.minusDays(1).toString(),
                "to",
                failed.plusDays(1).toString());
        assertThat(StreamSupport.stream(gaps.spliterator(), false)
                        .map(g -> g.path("date").asString() + " "
                                + g.path("dataset").asString() + " "
                                + g.path("status").asString()))
                .contains(failed + " sales failed");
        assertThat(get("/api/v1/expected/gaps", "from", "2026-03-02", "to", "2026-03-01")
                        .statusCode())
                .isEqualTo(400);
        assertThat(api("/api/v1/alerts").isArray()).isTrue();
    }
}
