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
     * answer besides its success: 401 everywhere, 403 where a role is needed (all but /me and /settings), 400 where it
     * reads parameters or a body, 404 where a path names something. Before, the document had only each 200 answer.
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
            for (Map.Entry<String, Integer> e :
                    Map.of("400", 400, "401", 401, "403", 403, "404", 404).entrySet()) {
                api.getComponents()
                        .addResponses(
                                e.getKey(),
                                new ApiResponse()
                                        .description(org.springframework.http.HttpStatus.valueOf(e.getValue())
                                                        .getReasonPhrase()
                                                + " (a problem detail)")
                                        .content(new Content()
                                                .addMediaType(
                                                        "application/problem+json",
                                                        new MediaType()
                                                                .schema(new Schema<Object>()
                                                                        .$ref("#/components/schemas/ProblemDetail")))));
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
                });
            });
        };
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
