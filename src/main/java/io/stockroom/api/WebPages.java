package io.stockroom.api;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Clean addresses for the web app's pages (/stores, /inventory, ...): each forwards to its static HTML file
 * under resources/static, so a shared link like /inventory?store=S001 keeps working. "/" is index.html.
 */
@Configuration
class WebPages implements WebMvcConfigurer {

    static final List<String> PAGES = List.of(
            "stores",
            "inventory",
            "planogram",
            "reorder",
            "simulate",
            "feeds",
            "runs",
            "quality",
            "online",
            "customers");

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        for (String page : PAGES) {
            registry.addViewController("/" + page).setViewName("forward:/" + page + ".html");
        }
        registry.addViewController("/overview").setViewName("forward:/index.html");
        registry.addViewController("/login").setViewName("forward:/login.html");
        registry.addViewController("/audit").setViewName("forward:/audit.html");
        registry.addViewController("/accounts").setViewName("forward:/accounts.html");
        registry.addViewController("/password").setViewName("forward:/password.html");
    }
}
