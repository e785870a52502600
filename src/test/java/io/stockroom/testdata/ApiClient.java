package io.stockroom.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.security.ApiTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP client of API tests: real requests to the running application, signed in with a real bearer token, JSON
 * answers parsed, and a status check whose failure message carries the body the server sent.
 */
public final class ApiClient {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofMinutes(1)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String authorization;

    public ApiClient(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** A client of the application on {@code port}, signed in as the test admin. */
    public static ApiClient admin(int port, ApiTokens tokens) {
        return new ApiClient("http://localhost:" + port, TestAccess.adminBearer(tokens));
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** A request to {@code path} carrying the client's credentials; the caller adds method, body and headers. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path))
                .header("Authorization", authorization)
                .timeout(Duration.ofMinutes(3));
    }

    /** GET expecting 200, the answer as JSON. */
    public JsonNode get(String path) {
        return get(path, 200);
    }

    public JsonNode get(String path, int expected) {
        return expect(
                send(request(path).header("Accept", "application/json").GET().build()), expected);
    }

    /** POST of a JSON body expecting {@code expected}, the answer as JSON (null when empty). */
    public JsonNode post(String path, String json, int expected) {
        return expect(send("POST", path, json), expected);
    }

    /** Any method with an optional JSON body; the raw response, for tests that look at headers or status. */
    public HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder b = request(path).header("Accept", "application/json");
        b = json == null
                ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return send(b.build());
    }

    /** A file sent as the {@code file} part of a multipart form, as the upload page sends it. */
    public HttpResponse<String> upload(String path, String fileName, String content) {
        String boundary = "----stockroom-test-" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return send(request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Checks the status (the message shows the body) and parses the body as JSON. */
    public static JsonNode expect(HttpResponse<String> response, int expected) {
        assertThat(response.statusCode())
                .as("%s %s answered: %s", response.request().method(), response.uri(), response.body())
                .isEqualTo(expected);
        return response.body() == null || response.body().isBlank() ? null : JSON.readTree(response.body());
    }
}
