package io.stockroom.api;

import io.stockroom.ErrorCode;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An error an operation answers besides those every operation may (ApiDocs adds 400, 401, 403, 404, 413, 415, 429 and
 * 503 where they apply): /api/docs lists it with its status and when it happens, so a client generated from the
 * document expects it (ApiDocsStatusesTest calls each).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Repeatable(Answers.All.class)
@interface Answers {

    ErrorCode value();

    /** When the operation answers it. */
    String when();

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @interface All {
        Answers[] value();
    }
}
