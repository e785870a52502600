package io.stockroom.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How /api/docs describes the API's bodies. The document is built by springdoc with its own (Jackson 2) mapper, which
 * knows nothing of the server's {@code spring.jackson.property-naming-strategy}: without this, every field was
 * documented in camelCase ({@code expiresAt}) while the API reads and writes snake_case ({@code expires_at}), so a
 * client generated from the document sent fields the server ignores.
 */
@Configuration
@ConditionalOnWebApplication // springdoc runs with the server only; a CLI command starts no web application
class ApiDocs {

    static {
        // a JSON tree (a run's summary, a quarantined row's values, a batch's records) is any JSON, not a bean whose
        // getters (isArray, bigDecimalValue, ...) were documented as its fields
        SpringDocUtils.getConfig()
                .replaceWithSchema(
                        tools.jackson.databind.JsonNode.class,
                        new io.swagger.v3.oas.models.media.Schema<Object>().description("any JSON value"));
    }

    @Bean
    ModelResolver snakeCaseSchemas(ObjectMapperProvider springdocMappers) {
        // springdoc's mapper and OpenAPI version (3.1 writes "type" differently: a 3.0 resolver's objects lost theirs)
        return new ModelResolver(
                        springdocMappers
                                .jsonMapper()
                                .copy()
                                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE),
                        new NestedTypeNames())
                .openapi31(springdocMappers.isOpenapi31());
    }

    /**
     * How to sign in (a bearer token, or the web app's session cookie) and the problem details every operation may
     * answer besides its success: 401, 429 and 503 everywhere, 403 where a role is needed (all but /me and /settings),
     * 400 where it reads parameters or a body, 413 and 415 where it reads a body, 404 where a path names something; and
     * each operation's own ({@link Answers}). Before, the document had only each 200 answer.
     */
    @Bean
    org.springdoc.core.customizers.OpenApiCustomizer signInAndProblems() {
        return api -> {
            api.info(new Info()
                    .title("Stockroom API")
                    .version("v1")
                    .description("Errors are RFC 9457 problem details with a code (README, docs/security.md)."));
            if (api.getComponents() == null) {
                api.setComponents(new io.swagger.v3.oas.models.Components());
            }
            api.getComponents()
                    .addSecuritySchemes(
                            "bearer",
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.HTTP)
                                    .scheme("bearer")
                                    .description("An API token sr_<id>_<secret> (POST /api/v1/tokens, stockroom tokens"
                                            + " create), or the configured OIDC provider's JWT."))
                    .addSecuritySchemes(
                            "session",
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.APIKEY)
                                    .in(SecurityScheme.In.COOKIE)
                                    .name("JSESSIONID")
                                    .description("The web app's session after sign-in; writes also send the"
                                            + " XSRF-TOKEN cookie's value as the X-XSRF-TOKEN header."))
                    .addSchemas("ProblemDetail", problemSchema());
            api.setSecurity(
                    List.of(new SecurityRequirement().addList("bearer"), new SecurityRequirement().addList("session")));
            for (Map.Entry<String, String> e : GENERAL.entrySet()) {
                api.getComponents().addResponses(e.getKey(), problem(e.getValue()));
            }
            api.getPaths().forEach((path, item) -> {
                if (!path.startsWith("/api/v1/")) {
                    return;
                }
                item.readOperationsMap().forEach((method, op) -> {
                    boolean everyone = method == PathItem.HttpMethod.GET
                            && (path.equals("/api/v1/me") || path.equals("/api/v1/settings"));
                    boolean reads =
                            (op.getParameters() != null && !op.getParameters().isEmpty())
                                    || op.getRequestBody() != null;
                    if (reads) {
                        answers(op, "400");
                    }
                    answers(op, "401");
                    if (!everyone) {
                        answers(op, "403");
                    }
                    if (path.contains("{")) {
                        answers(op, "404");
                    }
                    if (op.getRequestBody() != null) {
                        answers(op, "413");
                        answers(op, "415");
                    }
                    answers(op, "429");
                    answers(op, "503");
                });
            });
        };
    }

    /**
     * The errors an operation declares with {@link Answers} (a 409 when the last admin would be removed, a 410 when an
     * upload expired, ...): before, /api/docs listed none of them.
     */
    @Bean
    org.springdoc.core.customizers.OperationCustomizer declaredAnswers() {
        return (op, handler) -> {
            if (op.getResponses() == null) {
                op.setResponses(new io.swagger.v3.oas.models.responses.ApiResponses());
            }
            for (Answers a : handler.getMethod().getAnnotationsByType(Answers.class)) {
                String status = String.valueOf(a.value().httpStatus());
                ApiResponse known = op.getResponses().get(status);
                String when = a.when() + " (" + a.value() + ")";
                op.getResponses()
                        .addApiResponse(
                                status,
                                problem(
                                        known == null || known.getDescription() == null
                                                ? when
                                                : known.getDescription() + "; or " + when));
            }
            return op;
        };
    }

    /** What every operation may answer, as reusable responses (components/responses/<status>). */
    private static final Map<String, String> GENERAL = new java.util.TreeMap<>(Map.of(
            "400", "A parameter or the body is wrong; the problem names it",
            "401", "Not signed in: no session, token or JWT, or a wrong one",
            "403", "The caller's role or stores may not do this",
            "404", "Nothing has that id",
            "413", "The body is larger than stockroom.api.max-body-size",
            "415", "The body's Content-Type is not the one the operation reads",
            "429", "Too many requests (stockroom.security.rate-limit); Retry-After says when to try again",
            "503", "The warehouse does not answer (a restart, a failover) or is busy: try again"));

    private static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description + " (a problem detail)")
                .content(new Content()
                        .addMediaType(
                                "application/problem+json",
                                new MediaType()
                                        .schema(new Schema<Object>().$ref("#/components/schemas/ProblemDetail"))));
    }

    private static void answers(Operation op, String status) {
        op.getResponses().putIfAbsent(status, new ApiResponse().$ref("#/components/responses/" + status));
    }

    /** The fields of every error answer (ApiExceptionHandler.Problem). */
    private static Schema<Object> problemSchema() {
        return typed(new Schema<Object>(), "object")
                .description("RFC 9457 problem detail with Stockroom's error code")
                .addProperty("type", text("https://stockroom.dev/errors/<code>"))
                .addProperty("title", text("the status's reason phrase"))
                .addProperty("status", typed(new Schema<>(), "integer"))
                .addProperty("detail", text("what was wrong and how to fix it"))
                .addProperty("instance", text("the request's path"))
                .addProperty("code", text("ErrorCode, e.g. BAD_PARAMETER, NOT_FOUND"))
                .addProperty("parameter", text("the parameter or field at fault, when there is one"))
                .required(List.of("type", "title", "status", "detail", "code"));
    }

    private static Schema<Object> text(String description) {
        return typed(new Schema<>(), "string").description(description);
    }

    /** The type in both spellings: OpenAPI 3.1 (springdoc's setting here) writes {@code types}, 3.0 {@code type}. */
    private static <T> Schema<T> typed(Schema<T> schema, String type) {
        schema.setType(type);
        schema.addType(type);
        return schema;
    }

    /**
     * A nested record is named with the type that holds it ({@code DisplayLift.Report}, {@code RetentionService.Report}):
     * by simple name alone, the API's several {@code Report}s, {@code Row}s and {@code Result}s shared one schema, and
     * an operation was documented with another's fields.
     */
    static final class NestedTypeNames extends TypeNameResolver {
        @Override
        protected String getNameOfClass(Class<?> type) {
            String name = type.getSimpleName();
            for (Class<?> outer = type.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
                name = outer.getSimpleName() + "." + name;
            }
            return name;
        }
    }
}
