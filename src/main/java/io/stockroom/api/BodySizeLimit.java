package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request body has a limit (stockroom.api.max-body-size; multipart uploads have
 * spring.servlet.multipart.max-request-size). A body that declares a larger length is refused with 413 before a byte
 * of it is read; one that does not declare its length (chunked) is counted as it is read and stops at the limit. A
 * body no endpoint can hold never reaches a parser, so no request can exhaust the server's memory.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodySizeLimit extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final long limit;

    BodySizeLimit(ApiProperties properties) {
        this.limit = properties.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (type != null && type.toLowerCase().startsWith("multipart/")) {
            chain.doFilter(request, response); // the multipart resolver enforces its own limit
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(response, declared);
            return;
        }
        chain.doFilter(declared >= 0 ? request : new Limited(request, limit, message(-1)), response);
    }

    private String message(long declared) {
        return "The request body" + (declared >= 0 ? String.format(" (%,d bytes)", declared) : "")
                + " is larger than the limit of "
                + String.format("%,d bytes", limit)
                + " (stockroom.api.max-body-size). Send the records in smaller batches, "
                + "upload them as a file, or raise the limit.";
    }

    private void refuse(HttpServletResponse response, long declared) throws IOException {
        ApiExceptionHandler.Problem problem =
                ApiExceptionHandler.problem(ErrorCode.REQUEST_TOO_LARGE, message(declared));
        Map<String, Object> body = new LinkedHashMap<>(ApiExceptionHandler.fields(problem));
        body.put("limit_bytes", limit);
        response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
        response.flushBuffer();
    }

    /**
     * How the server treats a body it refuses: a client that asks first (Expect: 100-continue) is answered 413 before it
     * sends anything, because Tomcat now says "continue" only when the application reads; a client that sends the body
     * anyway gets its 413 after the server has read and discarded the rest (up to 1 GB, then the connection closes),
     * so the client sees the answer instead of a broken pipe. Nothing refused is held in memory.
     */
    @Component
    static final class RefusedBodies
            implements org.springframework.boot.web.server.WebServerFactoryCustomizer<
                    org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory> {
        @Override
        public void customize(org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory factory) {
            factory.addConnectorCustomizers(connector -> {
                connector.setProperty("continueResponseTiming", "onRead");
                connector.setProperty("maxSwallowSize", String.valueOf(1 << 30));
            });
        }
    }

    /** A request whose body stops with REQUEST_TOO_LARGE once more than {@code limit} bytes were read. */
    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private final String message;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit, String message) {
            super(request);
            this.limit = limit;
            this.message = message;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = in.read(b, off, len);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) {
                        read += n;
                        if (read > limit) {
                            throw new StockroomException(ErrorCode.REQUEST_TOO_LARGE, message);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            return new BufferedReader(new InputStreamReader(
                    getInputStream(),
                    getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding()));
        }
    }
}
