package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * What fails an API request before or around its controller (an exception in a servlet filter, a {@code sendError} of
 * the firewall or the servlet itself) is answered by the container's error dispatch, which gave Spring's {@code
 * {"timestamp", "status", "error", "path"}}. For a request to {@code /api/**} that dispatch answers here instead, with
 * the problem detail every other error of the API has ({@link ApiExceptionHandler}); pages keep the error page.
 */
@Configuration
@ConditionalOnWebApplication
class ApiErrorDispatch {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> apiErrors(ApiExceptionHandler handler) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Answer(handler));
        registration.setDispatcherTypes(DispatcherType.ERROR);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    private static final class Answer extends OncePerRequestFilter {
        private static final JsonMapper JSON = JsonMapper.builder().build();
        private final ApiExceptionHandler handler;

        Answer(ApiExceptionHandler handler) {
            this.handler = handler;
        }

        @Override
        protected boolean shouldNotFilterErrorDispatch() {
            return false;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            if (!(uri instanceof String path) || !path.startsWith("/api/") || response.isCommitted()) {
                chain.doFilter(request, response);
                return;
            }
            ProblemDetail problem = problem(request, path);
            try {
                problem.setInstance(java.net.URI.create(path));
            } catch (IllegalArgumentException notAUri) {
                // the address itself was what could not be read: the answer goes without it
            }
            response.resetBuffer();
            response.setStatus(problem.getStatus());
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(JSON.writeValueAsString(ApiExceptionHandler.fields(problem)));
        }

        private ProblemDetail problem(HttpServletRequest request, String path) {
            Throwable thrown = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                if (t instanceof StockroomException s) {
                    return handler.stockroom(s);
                }
            }
            if (thrown instanceof RuntimeException || thrown instanceof java.sql.SQLException) {
                return handler.unexpected((Exception) thrown); // logged there, answered without its message
            }
            if (thrown instanceof ErrorResponse known) {
                return known.getBody();
            }
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            int status = code instanceof Integer i ? i : 500;
            Object text = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            String message = text instanceof String s && !s.isBlank() && status < 500 ? s : null;
            return switch (status) {
                case 400 ->
                    ApiExceptionHandler.problem(
                            ErrorCode.BAD_PARAMETER,
                            message != null
                                    ? message
                                    : "The request to " + path
                                            + " could not be read: check its address, headers and body"
                                            + " against /api/docs.");
                case 404 ->
                    ApiExceptionHandler.problem(
                            ErrorCode.NOT_FOUND,
                            "There is nothing at " + path + "; /api/docs lists the API's operations.");
                case 405 ->
                    ApiExceptionHandler.problem(
                            ErrorCode.METHOD_NOT_ALLOWED,
                            path + " does not take " + request.getMethod()
                                    + " (/api/docs lists the operations and their methods).");
                case 403 ->
                    ApiExceptionHandler.problem(
                            ErrorCode.FORBIDDEN,
                            message != null ? message : request.getMethod() + " " + path + " is not for this caller.");
                case 413 ->
                    ApiExceptionHandler.problem(
                            ErrorCode.REQUEST_TOO_LARGE,
                            message != null
                                    ? message
                                    : "The request is larger than the server reads; send less at once.");
                default -> {
                    ProblemDetail other = ApiExceptionHandler.problem(
                            status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_PARAMETER,
                            message != null
                                    ? message
                                    : "The server could not answer this request; the details are in the server log.");
                    other.setStatus(status);
                    other.setTitle(
                            org.springframework.http.HttpStatus.valueOf(status).getReasonPhrase());
                    yield other;
                }
            };
        }
    }
}
