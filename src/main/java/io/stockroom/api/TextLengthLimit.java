package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * A text a person types into a request body (an override's reason, an alert's note, a name) is at most {@value #MAX}
 * characters; a longer one is refused with 400 naming the field, before anything is written. Before, a reason of
 * megabytes was stored, audited and sent to every page that lists it. The check reads every text field of a request
 * record and the texts of its lists of texts, so a new request record is covered without a line here; the data of a
 * batch ingest ({@code JsonNode}) and the cells of an export are not such fields.
 */
@RestControllerAdvice
class TextLengthLimit extends RequestBodyAdviceAdapter {

    static final int MAX = 2_000;

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return targetType instanceof Class<?> c && c.isRecord();
    }

    @Override
    public Object afterBodyRead(
            Object body,
            HttpInputMessage input,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        for (RecordComponent component : body.getClass().getRecordComponents()) {
            Object value = value(component, body);
            if (value instanceof String text) {
                check(component, text);
            } else if (value instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof String text) {
                        check(component, text);
                    }
                }
            }
        }
        return body;
    }

    private static void check(RecordComponent component, String text) {
        if (text.length() > MAX) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    String.format(
                            "Parameter '%s' is %,d characters long; at most %,d are accepted. Shorten it (a longer text"
                                    + " belongs in a document you link to).",
                            name(component), text.length(), MAX));
        }
    }

    private static String name(RecordComponent component) {
        com.fasterxml.jackson.annotation.JsonProperty named =
                component.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
        return named != null && !named.value().isEmpty()
                ? named.value()
                : component
                        .getName()
                        .replaceAll("([A-Z])", "_$1")
                        .toLowerCase(java.util.Locale.ROOT); // as the API's snake_case
    }

    private static Object value(RecordComponent component, Object body) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(body);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component + " of the request body", e);
        }
    }
}
