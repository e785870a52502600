package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.metrics.StoreFilterCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every API read that takes a {@code store} or {@code area} filter (dashboards, inventory, reorder lines, purchase
 * orders, planogram), and every operation with a {@code {store}} in its path, checks it once, here, before the operation
 * reads its other parameters: one outside the caller's stores is a 403 that says which stores the access covers, and
 * an unknown one for a whole-chain caller a 404 — never an empty answer that reads as "nothing there" ({@link
 * StoreFilterCheck}).
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
        // a store in the path ({store}) answers as the filter does, before the operation reads any of its parameters
        if (request.getAttribute(org.springframework.web.servlet.HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)
                        instanceof java.util.Map<?, ?> variables
                && variables.get("store") instanceof String pathStore) {
            filters.checkInPath(pathStore);
        }
        if (!"GET".equals(request.getMethod())) {
            return true; // writes name their store in the body, and check it themselves
        }
        String store = single(request, "store");
        String area = single(request, "area");
        if ((store != null && !store.isBlank()) || (area != null && !area.isBlank())) {
            filters.check(blankToNull(store), blankToNull(area));
        }
        return true;
    }

    /**
     * The filter's one value. Given twice ({@code ?store=A&store=B}, as many clients send a list) Spring would bind the
     * joined "A,B", a store nobody has, and the read would answer empty; and only the first value would be checked here.
     */
    private static String single(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        if (values != null && values.length > 1) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter '" + name + "' takes one " + name + " id, got " + values.length + " ("
                            + String.join(", ", values) + "). Ask once per " + name + ", or leave it out for all of"
                            + " yours (GET /api/v1/stores lists them).");
        }
        return values == null ? null : values[0];
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
