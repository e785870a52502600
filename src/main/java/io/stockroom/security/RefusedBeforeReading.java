package io.stockroom.security;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * What answers a request Tomcat refuses before any of Stockroom reads it — a malformed percent escape in the address,
 * headers larger than the server reads: the API's problem detail for an address under {@code /api/}, a short page of
 * the app's own for any other. Tomcat's page named its version and said only "Invalid URI". It is the host's error
 * report valve ({@link RefusedAddresses#refusalsBeforeReadingInStockroomsWords}); an error of a request Stockroom did read
 * is answered before it reaches this valve (api/ApiErrorDispatch, the error page), as before.
 */
public class RefusedBeforeReading extends ErrorReportValve {

    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})(.{0,2})");

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String address = address(request);
        String detail = explain(status, address, response.getMessage());
        try {
            response.setCharacterEncoding("UTF-8");
            if (address.startsWith("/api/") || !wantsHtml(request)) {
                response.setContentType("application/problem+json");
                PrintWriter out = response.getReporter();
                if (out != null) {
                    out.write(ProblemResponses.json(
                            status, status >= 500 ? "INTERNAL" : "BAD_PARAMETER", title(status), detail));
                }
            } else {
                response.setContentType("text/html");
                PrintWriter out = response.getReporter();
                if (out != null) {
                    out.write(ProblemResponses.page(title(status), detail));
                }
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the answer already started: nothing more can be said
            getContainer().getLogger().debug("Could not answer a refused request", e);
        }
    }

    /** The address as the client sent it (never decoded: decoding is what failed), without its query. */
    private static String address(Request request) {
        String uri = request.getCoyoteRequest().requestURI().toString();
        return uri == null ? "" : uri;
    }

    private static boolean wantsHtml(Request request) {
        String accept = request.getCoyoteRequest().getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static String title(int status) {
        return status == 400 ? "Bad request" : "Request refused";
    }

    /** What is wrong with the request and what to send instead. */
    static String explain(int status, String address, String tomcat) {
        Matcher bad = BAD_ESCAPE.matcher(address);
        if (status == 400 && bad.find()) {
            return "The address " + shortened(address) + " holds a '%' not followed by two hexadecimal digits ('%"
                    + bad.group(1) + "'). In an address, '%' starts an encoded character: encode a '%' of an id as"
                    + " %25 and any other special character as its UTF-8 bytes (é as %C3%A9); /api/docs lists the"
                    + " operations.";
        }
        String reason = tomcat == null || tomcat.isBlank() ? "" : " (" + tomcat + ")";
        if (status == 400 && tomcat != null && tomcat.toLowerCase(Locale.ROOT).contains("header")) {
            return "The server refused the request before reading it: its headers are larger than the server reads"
                    + reason + ". Send fewer or shorter headers: an API token in the Authorization header, nothing"
                    + " else the API needs is long.";
        }
        return "The server refused the request to " + shortened(address) + " before reading it" + reason
                + ". Check the address, method and headers against /api/docs.";
    }

    private static String shortened(String address) {
        return address.length() <= 200 ? address : address.substring(0, 200) + "…";
    }
}
