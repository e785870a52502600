package io.stockroom.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Addresses the server does not read (an encoded slash, a {@code ;} path parameter, {@code //}, {@code ..}): a 400 that
 * says which part of the address is refused and what to send instead. The API answers it as a problem detail like any
 * other error (api/ApiErrorDispatch), a page as the error page.
 */
@Configuration
@ConditionalOnWebApplication
class RefusedAddresses {

    /**
     * Tomcat refused an encoded slash ({@code /stores/S%2F01}) itself, with its own HTML page, before any of Stockroom
     * saw the request. Passed through, it reaches Spring Security's firewall, which refuses it as before ({@link
     * #refusedAddress}), now in the API's words. Nothing reads the path with the slash decoded.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesReachTheFirewall() {
        return factory -> factory.addConnectorCustomizers(c -> c.setEncodedSolidusHandling("passthrough"));
    }

    /**
     * Requests Tomcat refuses before mapping them (a malformed {@code %zz}, headers too large) are answered by the
     * host's error report valve: Stockroom's ({@link RefusedBeforeReading}) instead of Tomcat's HTML page. It replaces
     * any error report valve already on the host (Spring Boot adds one that hides the server's version) and is named
     * as the host's own, so the host adds no other when it starts.
     */
    @Bean
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> refusalsBeforeReadingInStockroomsWords() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                for (org.apache.catalina.Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof org.apache.catalina.valves.ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new RefusedBeforeReading());
                host.setErrorReportValveClass(RefusedBeforeReading.class.getName());
            }
        });
    }

    /** The firewall's refusal, with why and what to send instead (it said only 400). */
    @Bean
    RequestRejectedHandler refusedAddress() {
        return (HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) ->
                response.sendError(400, explain(request.getRequestURI(), e.getMessage()));
    }

    static String explain(String address, String firewall) {
        String lower = address.toLowerCase(Locale.ROOT);
        String what;
        if (lower.contains("%2f")) {
            what = "holds an encoded slash (%2F), and an id in a path cannot contain a slash. Where the operation takes"
                    + " the id as a parameter instead (?store=S%2F01), send it there; /api/docs lists the operations.";
        } else if (lower.contains(";") || lower.contains("%3b")) {
            what = "holds a ';' (a path parameter such as ;jsessionid=...), which the server does not read. Leave the"
                    + " ';...' part out: send a session as its cookie, an API token in the Authorization header.";
        } else if (lower.contains("//")) {
            what = "holds an empty segment (//). Send it with single slashes.";
        } else if (lower.contains("%2e") || lower.contains("/./") || lower.contains("/../")) {
            what = "holds a '.' or '..' segment. Send the address it stands for, without them.";
        } else if (lower.contains("%25")) {
            what = "holds an encoded percent sign (%25). Encode each character of an id once.";
        } else if (lower.contains("%5c") || lower.contains("\\")) {
            what = "holds a backslash. Send the address with '/' between its segments.";
        } else {
            what = "holds characters the server does not read (" + firewall + "). Send it as /api/docs shows it.";
        }
        return "The address " + address + " " + what;
    }
}
