package io.stockroom.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
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
