package io.stockroom.api;

import io.stockroom.metrics.StoreFilterCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every API read that takes a {@code store} or {@code area} filter (dashboards, inventory, reorder lines, purchase
 * orders, planogram) checks it once, here: one outside the caller's stores is a 403 that says which stores the access
 * covers, and an unknown one for a whole-chain caller a 404 — never an empty answer that reads as "nothing there"
 * ({@link StoreFilterCheck}).
 */
@Configuration
class StoreFilters implements WebMvcConfigurer, HandlerInterceptor {

    private final StoreFilterCheck filters;

    StoreFilters(StoreFilterCheck filters) {
        this.filters = filters;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"GET".equals(request.getMethod())) {
            return true; // writes name their store in the body, and check it themselves
        }
        String store = request.getParameter("store");
        String area = request.getParameter("area");
        if ((store != null && !store.isBlank()) || (area != null && !area.isBlank())) {
            filters.check(blankToNull(store), blankToNull(area));
        }
        return true;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
