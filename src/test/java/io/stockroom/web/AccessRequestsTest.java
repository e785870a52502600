package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * What an admin asks for when making an API token or a user is what they get: a field the request does not know is
 * refused, never dropped. Before, {@code "store": ["S001"]} or {@code "expiresAt": ...} (the spelling /api/docs showed)
 * was ignored and the answer was 201: a token for the whole chain, or one that never expires.
 */
class AccessRequestsTest extends WebAppTest {

    @Test
    void aTokenRequestWithAFieldItDoesNotReadIsRefusedNotGrantedWithoutIt() {
        String store = chain.stores().get(0);
        HttpResponse<String> misspelt = send(
                "POST",
                "/api/v1/tokens",
                "{\"name\":\"till one\",\"roles\":[\"service\"],\"store\":[\"" + store + "\"]}");
        assertThat(misspelt.statusCode()).as(misspelt.body()).isEqualTo(400);
        assertThat(misspelt.body()).contains("\"parameter\":\"store\"").contains("stores");

        HttpResponse<String> camel = send(
                "POST",
                "/api/v1/tokens",
                "{\"name\":\"bi nightly\",\"roles\":[\"read_only\"],\"expiresAt\":\"2099-01-01T00:00:00Z\"}");
        assertThat(camel.statusCode()).as(camel.body()).isEqualTo(400);
        assertThat(camel.body()).contains("expires_at");
        assertThat(client().get("/api/v1/tokens").toString())
                .doesNotContain("till one")
                .doesNotContain("bi nightly");

        HttpResponse<String> user = send(
                "POST",
                "/api/v1/users",
                "{\"name\":\"typo-buyer\",\"password\":\"a long enough password\",\"roles\":[\"buyer\"],"
                        + "\"store\":[\"" + store + "\"]}");
        assertThat(user.statusCode()).as(user.body()).isEqualTo(400);
        assertThat(client().get("/api/v1/users").toString()).doesNotContain("typo-buyer");

        HttpResponse<String> right = send(
                "POST",
                "/api/v1/tokens",
                "{\"name\":\"till one\",\"roles\":[\"service\"],\"stores\":[\"" + store
                        + "\"],\"expires_at\":\"2099-01-01T00:00:00Z\"}");
        assertThat(right.statusCode()).as(right.body()).isEqualTo(201);
        assertThat(right.body())
                .contains("\"stores\":[\"" + store + "\"]")
                .contains("\"expires_at\":\"2099-01-01T00:00:00");
    }
}
