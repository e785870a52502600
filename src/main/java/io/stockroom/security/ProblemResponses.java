package io.stockroom.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem details written by the security filters, in the same shape as the API's other errors; or, for a
 * page the browser asked for, a page that says the same.
 */
final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {}

    static void write(HttpServletResponse response, int status, String code, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json(status, code, title, detail));
    }

    /** The problem detail's JSON text. */
    static String json(int status, String code, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://stockroom.dev/errors/" + code.toLowerCase().replace('_', '-'));
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        return JSON.writeValueAsString(body);
    }

    /** A browser's navigation to a page (it accepts HTML), not a script's call. */
    static boolean wantsPage(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return "GET".equals(request.getMethod()) && accept != null && accept.contains("text/html");
    }

    /**
     * A refusal as a page with the app's style and a way back: a user who typed an address their role may not open
     * sees why, not a JSON document.
     */
    static void writePage(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(page(title, detail));
    }

    /** The page's HTML text. */
    static String page(String title, String detail) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + HtmlUtils.htmlEscape(title)
                + " · Stockroom</title>"
                + "<link rel=\"stylesheet\" href=\"/css/app.css\"></head>\n<body><main class=\"page\">"
                + "<section class=\"card\"><h1>" + HtmlUtils.htmlEscape(title) + "</h1><p>"
                + HtmlUtils.htmlEscape(detail)
                + "</p><p><a href=\"/\">Back to the dashboard</a></p>" + "</section></main></body></html>\n";
    }
}
