package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What an integrator relies on in /api/docs: the fields it documents are the fields the API answers with (named the
 * same way), so a client generated from the document reads and writes the real fields.
 */
class ApiDocsTest extends WebAppTest {

    /**
     * Every read of the document that answers without parameters is called, and each field of its JSON answer must be a
     * property of the schema the document gives for it (before, the document named every field in camelCase while the
     * API answers snake_case, and types that share a simple name — several {@code Report}s — pointed at one schema).
     */
    @Test
    void everyFieldOfEveryReadIsOneTheDocumentNamesForIt() {
        JsonNode doc = JSON.readTree(
                client().send("GET", "/api/docs/openapi.json", null).body());
        JsonNode schemas = doc.path("components").path("schemas");
        Map<String, String> wrong = new TreeMap<>();
        int checked = 0;
        for (var path : doc.get("paths").properties()) {
            JsonNode get = path.getValue().get("get");
            if (get == null
                    || !path.getKey().startsWith("/api/v1/")
                    || path.getKey().contains("{")) {
                continue;
            }
            JsonNode schema = null;
            for (JsonNode content : get.path("responses").path("200").path("content")) {
                schema = content.get("schema");
            }
            HttpResponse<String> r = client().send("GET", path.getKey(), null);
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (r.statusCode() != 200 || !type.contains("json") || schema == null) {
                continue;
            }
            checked++;
            List<String> unknown = new ArrayList<>();
            fieldsOutsideTheSchema(JSON.readTree(r.body()), schema, schemas, "$", unknown);
            if (!unknown.isEmpty()) {
                wrong.put(path.getKey(), String.join(", ", unknown.subList(0, Math.min(5, unknown.size()))));
            }
        }
        assertThat(checked).as("reads checked against the document").isGreaterThan(20);
        List<String> untyped = new ArrayList<>();
        for (var schema : schemas.properties()) {
            if (schema.getValue().has("properties") && !schema.getValue().has("type")) {
                untyped.add(schema.getKey());
            }
        }
        assertThat(untyped).as("object schemas without their type").isEmpty();
        assertThat(wrong)
                .as("answers with fields /api/docs does not document (path -> fields)")
                .isEmpty();
    }

    /**
     * README: "Errors are RFC 9457 problem details with a code". Before, an upload without its file part answered
     * Spring's own {@code {"timestamp","status","error","path"}} (no code, nothing saying what was missing) and a read
     * asked for in a type it does not have (Accept: text/csv) a bare 406 with no body at all.
     */
    /**
     * Before, the document listed only each operation's 200 answer and no way to sign in: a generated client knew
     * neither the bearer token nor the session cookie, and took a 401, 403, 404 or 400 problem detail for an unknown
     * answer.
     */
    @Test
    void theDocumentSaysHowToSignInAndWhichProblemDetailsAnOperationAnswers() {
        JsonNode doc = JSON.readTree(
                client().send("GET", "/api/docs/openapi.json", null).body());
        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertThat(schemes.path("bearer").path("type").asString()).isEqualTo("http");
        assertThat(schemes.path("bearer").path("scheme").asString()).isEqualTo("bearer");
        assertThat(schemes.path("session").path("type").asString()).isEqualTo("apiKey");
        assertThat(schemes.path("session").path("in").asString()).isEqualTo("cookie");
        assertThat(schemes.path("session").path("name").asString()).isEqualTo("JSESSIONID");
        assertThat(doc.path("security").toString()).contains("bearer").contains("session");

        JsonNode problem = doc.path("components").path("schemas").path("ProblemDetail");
        assertThat(problem.path("properties").propertyNames()).contains("type", "title", "status", "detail", "code");

        JsonNode stores = doc.at("/paths/~1api~1v1~1stores/get/responses");
        assertThat(stores.propertyNames()).contains("200", "401", "403").doesNotContain("404");
        JsonNode order = doc.at("/paths/~1api~1v1~1purchase-orders~1{id}/get/responses");
        assertThat(order.propertyNames()).contains("200", "400", "401", "403", "404");
        assertThat(doc.at("/paths/~1api~1v1~1me/get/responses").propertyNames())
                .contains("401")
                .doesNotContain("403");
        JsonNode notFound = resolve(doc, order.path("404"));
        assertThat(notFound.at("/content/application~1problem+json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/ProblemDetail");

        // what the document says is what the API answers
        HttpResponse<String> missing = send("GET", "/api/v1/purchase-orders/PO-NONE", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        for (String field : problem.path("properties").propertyNames()) {
            if (!field.equals("parameter") && !field.equals("instance")) {
                assertThat(JSON.readTree(missing.body()).has(field)).as(field).isTrue();
            }
        }
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        String ref = node.path("$ref").asString("");
        return ref.isEmpty() ? node : doc.at(ref.substring(1));
    }

    @Test
    void requestsSpringRefusesAreProblemDetailsWithACodeToo() {
        HttpResponse<String> noFile = client().send(client().request("/api/v1/feeds/preview")
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n"))
                .build());
        assertThat(noFile.statusCode()).as(noFile.body()).isEqualTo(400);
        assertThat(noFile.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(noFile.body());
        assertThat(problem.path("code").asString()).isEqualTo("BAD_PARAMETER");
        assertThat(problem.path("parameter").asString()).isEqualTo("file");
        assertThat(problem.path("detail").asString()).contains("'file'").contains("multipart/form-data");

        HttpResponse<String> csv = getAs("text/csv", "/api/v1/stores");
        assertThat(csv.statusCode()).isEqualTo(406);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        problem = JSON.readTree(csv.body());
        assertThat(problem.path("code").asString()).isEqualTo("NOT_ACCEPTABLE");
        assertThat(problem.path("detail").asString()).contains("application/json");
    }

    /** Collects the fields of {@code value} (a few array items deep) that {@code schema} does not list. */
    static void fieldsOutsideTheSchema(
            JsonNode value, JsonNode schema, JsonNode schemas, String at, List<String> unknown) {
        while (schema != null && schema.has("$ref")) {
            String ref = schema.get("$ref").asString();
            schema = schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (schema == null || value == null || value.isNull()) {
            return;
        }
        if (value.isObject() && schema.has("properties")) {
            JsonNode properties = schema.get("properties");
            for (var field : value.properties()) {
                if (!properties.has(field.getKey())) {
                    unknown.add(at + "." + field.getKey());
                } else {
                    fieldsOutsideTheSchema(
                            field.getValue(),
                            properties.get(field.getKey()),
                            schemas,
                            at + "." + field.getKey(),
                            unknown);
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            int n = 0;
            for (JsonNode item : value) {
                if (n++ == 3) {
                    break;
                }
                fieldsOutsideTheSchema(item, schema.get("items"), schemas, at + "[]", unknown);
            }
        }
    }
}
