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
