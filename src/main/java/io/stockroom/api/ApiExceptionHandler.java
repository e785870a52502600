package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/** The one place where errors become HTTP: RFC 9457 problem details carrying Stockroom's error code. */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** Bad-parameter messages start with "Parameter 'name' ...": the problem names that parameter too. */
    private static final Pattern NAMED_PARAMETER = Pattern.compile("Parameter '([A-Za-z0-9_.\\-]+)'");

    /** Directories whose absolute names never leave the server (the data directory, the working and temp directories). */
    private final java.util.List<String> privateDirs;

    ApiExceptionHandler(io.stockroom.StockroomProperties properties) {
        this.privateDirs = java.util.stream.Stream.of(
                        properties.resolvedDataDir().toString(),
                        System.getProperty("java.io.tmpdir"),
                        System.getProperty("user.dir"),
                        System.getProperty("user.home"))
                .filter(d -> d != null && d.length() > 1)
                .map(d -> d.endsWith("/") ? d.substring(0, d.length() - 1) : d)
                .sorted(java.util.Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    @ExceptionHandler(StockroomException.class)
    ProblemDetail stockroom(StockroomException e) {
        if (io.stockroom.warehouse.OutOfMemory.is(e)) {
            return outOfMemory(e);
        }
        if (e.code() == ErrorCode.LAKE_UNAVAILABLE) {
            log.warn("request failed: {}", e.getMessage(), e); // the cause (address, driver message) stays here
        } else if (e.code().httpStatus() >= 500 && e.code() != ErrorCode.WAREHOUSE_LOCKED) {
            log.error("request failed: {}", e.getMessage(), e);
            // engine messages (SQL, internals) stay in the log
            return problem(
                    e.code(),
                    "The server could not answer this request (" + e.code() + "); the details are in the server log.");
        }
        Problem problem = problem(e.code(), withoutServerPaths(e.getMessage()));
        Matcher named = NAMED_PARAMETER.matcher(e.getMessage());
        return e.code() == ErrorCode.BAD_PARAMETER && named.lookingAt()
                ? problem.withParameter(named.group(1))
                : problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badType(MethodArgumentTypeMismatchException e) {
        return notConvertible(
                e.getName(),
                e.getValue(),
                e.getRequiredType() == null
                        ? "another value"
                        : e.getRequiredType().getSimpleName());
    }

    /** A parameter of a bound group ({@link DashboardParameters}) that does not convert: said as {@link #badType} says it. */
    @ExceptionHandler(org.springframework.validation.BindException.class)
    ProblemDetail badBinding(org.springframework.validation.BindException e) {
        org.springframework.validation.FieldError f = e.getFieldError();
        if (f == null) {
            return problem(ErrorCode.BAD_PARAMETER, "The request's parameters could not be read.");
        }
        Class<?> type = e.getFieldType(f.getField());
        return notConvertible(f.getField(), f.getRejectedValue(), type == null ? "value" : type.getSimpleName());
    }

    private static ProblemDetail notConvertible(String parameter, Object value, String expected) {
        return problem(
                        ErrorCode.BAD_PARAMETER,
                        "Parameter '" + parameter + "' has the value '" + value + "', which is not a valid " + expected
                                + ".")
                .withParameter(parameter);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missing(MissingServletRequestParameterException e) {
        return problem(ErrorCode.BAD_PARAMETER, "Parameter '" + e.getParameterName() + "' is required.")
                .withParameter(e.getParameterName());
    }

    /**
     * A body that could not be read: too large (see BodySizeLimit), not JSON, or a field of the wrong type or out of its
     * type's range (a quantity of 1e400): 400 naming the field, without the parser's own message (it quotes internals).
     */
    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ProblemDetail unreadable(org.springframework.http.converter.HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StockroomException s) {
                return stockroom(s);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof tools.jackson.databind.exc.UnrecognizedPropertyException u) {
                return unknownField(u);
            }
        }
        String field = "";
        for (Throwable t = e; t != null && field.isEmpty(); t = t.getCause()) {
            if (t instanceof tools.jackson.core.JacksonException j) {
                field = j.getPath().stream()
                        .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                        .collect(java.util.stream.Collectors.joining("."))
                        .replace(".[", "[");
            }
        }
        if (!field.isEmpty()) {
            return problem(
                            ErrorCode.BAD_PARAMETER,
                            "Field '" + field + "' has a value of the wrong type or out of range; "
                                    + "check it against the API documentation (/api/docs).")
                    .withParameter(field);
        }
        return problem(
                ErrorCode.BAD_PARAMETER,
                "The request body cannot be read: it is not the JSON this operation expects (malformed, "
                        + "empty or the wrong shape). Send a JSON object as the endpoint documents (/api/docs).");
    }

    /** A field the body's type does not have: named, with the fields it does have (docs/security.md, StrictBody). */
    private ProblemDetail unknownField(tools.jackson.databind.exc.UnrecognizedPropertyException u) {
        String field = u.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(java.util.stream.Collectors.joining("."))
                .replace(".[", "[");
        java.util.List<String> known = u.getKnownPropertyIds() == null
                ? java.util.List.of()
                : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        return problem(
                        ErrorCode.BAD_PARAMETER,
                        "Parameter '" + field + "' is not a field of this request's body"
                                + (known.isEmpty() ? "" : "; its fields are " + String.join(", ", known))
                                + ". A field it does not know is refused, not ignored: check the name against the "
                                + "API documentation (/api/docs).")
                .withParameter(field);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        return problem(
                ErrorCode.FILE_TOO_LARGE,
                "The upload is larger than the configured limit (spring.servlet.multipart.max-file-size). Split the file or raise the limit.");
    }

    /**
     * Spring's answers for a request that reaches no operation (a method, body type or path the API does not have): as
     * problem details like every other error, saying what to send instead.
     */
    @ExceptionHandler(org.springframework.web.HttpRequestMethodNotSupportedException.class)
    ProblemDetail wrongMethod(
            org.springframework.web.HttpRequestMethodNotSupportedException e, HttpServletRequest request)
            throws jakarta.servlet.ServletException {
        apiOnly(e, request);
        java.util.Set<org.springframework.http.HttpMethod> allowed = e.getSupportedHttpMethods();
        return problem(
                ErrorCode.METHOD_NOT_ALLOWED,
                request.getRequestURI() + " does not take " + e.getMethod()
                        + (allowed == null || allowed.isEmpty()
                                ? ""
                                : "; it takes "
                                        + allowed.stream()
                                                .map(org.springframework.http.HttpMethod::name)
                                                .sorted()
                                                .collect(java.util.stream.Collectors.joining(", ")))
                        + " (/api/docs lists the operations).");
    }

    @ExceptionHandler(org.springframework.web.HttpMediaTypeNotSupportedException.class)
    ProblemDetail wrongBodyType(
            org.springframework.web.HttpMediaTypeNotSupportedException e, HttpServletRequest request)
            throws jakarta.servlet.ServletException {
        apiOnly(e, request);
        return problem(
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                request.getMethod() + " " + request.getRequestURI() + " does not read a body of type "
                        + (e.getContentType() == null
                                ? "(none)"
                                : e.getContentType().toString())
                        + "; send it as "
                        + e.getSupportedMediaTypes().stream()
                                .map(Object::toString)
                                .collect(java.util.stream.Collectors.joining(" or "))
                        + " with that Content-Type (/api/docs shows the body).");
    }

    /** An upload without its file part: before, Spring's own error body with neither a code nor the part's name. */
    @ExceptionHandler(org.springframework.web.multipart.support.MissingServletRequestPartException.class)
    ProblemDetail missingPart(
            org.springframework.web.multipart.support.MissingServletRequestPartException e, HttpServletRequest request)
            throws jakarta.servlet.ServletException {
        apiOnly(e, request);
        return problem(
                        ErrorCode.BAD_PARAMETER,
                        "Part '" + e.getRequestPartName() + "' is required: send the file as the '"
                                + e.getRequestPartName() + "' field of a multipart/form-data body (curl -F "
                                + e.getRequestPartName() + "=@sales.csv ...).")
                .withParameter(e.getRequestPartName());
    }

    /** An Accept header the operation cannot answer: before, a 406 with no body. */
    @ExceptionHandler(org.springframework.web.HttpMediaTypeNotAcceptableException.class)
    ProblemDetail notAcceptable(
            org.springframework.web.HttpMediaTypeNotAcceptableException e, HttpServletRequest request)
            throws jakarta.servlet.ServletException {
        apiOnly(e, request);
        return problem(
                ErrorCode.NOT_ACCEPTABLE,
                request.getMethod() + " " + request.getRequestURI() + " cannot answer as "
                        + java.util.Objects.requireNonNullElse(request.getHeader("Accept"), "(none)") + "; it answers "
                        + (e.getSupportedMediaTypes().isEmpty()
                                ? "application/json"
                                : e.getSupportedMediaTypes().stream()
                                        .map(Object::toString)
                                        .collect(java.util.stream.Collectors.joining(" or ")))
                        + " (send that Accept header, or none).");
    }

    @ExceptionHandler(org.springframework.web.servlet.resource.NoResourceFoundException.class)
    ProblemDetail noSuchPath(
            org.springframework.web.servlet.resource.NoResourceFoundException e, HttpServletRequest request)
            throws jakarta.servlet.ServletException {
        apiOnly(e, request);
        return problem(
                ErrorCode.NOT_FOUND,
                "There is no " + request.getMethod() + " " + request.getRequestURI()
                        + "; /api/docs lists the API's operations.");
    }

    /** Pages and static files keep the server's own error page: only API callers read problem details. */
    private static void apiOnly(jakarta.servlet.ServletException e, HttpServletRequest request)
            throws jakarta.servlet.ServletException {
        if (!request.getRequestURI().startsWith("/api/")) {
            throw e;
        }
    }

    /**
     * Anything unexpected: logged in full, answered without the engine's message, SQL or server paths (they help an
     * attacker, not the user).
     */
    @ExceptionHandler({RuntimeException.class, java.sql.SQLException.class})
    ProblemDetail unexpected(Exception e) {
        if (e instanceof org.springframework.web.ErrorResponse known
                && known.getStatusCode().value() < 500) {
            return known.getBody(); // Spring's own 4xx answers (404, 405, 406, ...) keep their status and text
        }
        if (io.stockroom.warehouse.OutOfMemory.is(e)) {
            return outOfMemory(e);
        }
        log.error("request failed", e);
        return problem(
                ErrorCode.INTERNAL, "The server could not answer this request; the details are in the server log.");
    }

    /**
     * The engine ran out of memory answering (a year of a large chain's lines, say): what the user can do now, and what
     * the administrator can; the engine's own text stays in the log.
     */
    private static ProblemDetail outOfMemory(Exception e) {
        log.error("request failed: the warehouse ran out of memory", e);
        return problem(
                ErrorCode.OUT_OF_MEMORY,
                "The warehouse ran out of memory answering this request. Try a shorter date range or fewer stores; if "
                        + "it keeps happening, ask the administrator to give the warehouse more memory "
                        + "(stockroom.warehouse.memory-limit on the embedded engine, see docs/engines.md).");
    }

    /** The message with the server's own directories cut off: {data-dir}/lake/raw/x.csv reads lake/raw/x.csv. */
    String withoutServerPaths(String message) {
        String out = message;
        for (String dir : privateDirs) {
            out = out.replace(dir + "/", "").replace(dir, ".");
        }
        return out;
    }

    /** A problem detail's fields as its JSON has them, for those who write it themselves (filters). */
    static java.util.Map<String, Object> fields(ProblemDetail problem) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", String.valueOf(problem.getType()));
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    static Problem problem(ErrorCode code, String message) {
        return new Problem(code, message);
    }

    /** A problem detail with Stockroom's code as the type and as a property. */
    static final class Problem extends ProblemDetail {
        Problem(ErrorCode code, String message) {
            super(code.httpStatus());
            setType(URI.create(
                    "https://stockroom.dev/errors/" + code.name().toLowerCase().replace('_', '-')));
            setTitle(HttpStatus.valueOf(code.httpStatus()).getReasonPhrase());
            setDetail(message);
            setProperty("code", code.name());
        }

        Problem withParameter(String parameter) {
            setProperty("parameter", parameter);
            return this;
        }
    }
}
