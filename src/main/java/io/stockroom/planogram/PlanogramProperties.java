package io.stockroom.planogram;

import java.time.LocalDate;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Planogram settings.
 *
 * @param targetDate the date by which every ranged SKU of every store should have a placement (the seed's "100% by
 *     August"); none by default, and then completeness shows no progress toward a date
 * @param targetShare the share of ranged SKUs with a placement that counts as done (1.0 = all)
 * @param liftPreDays the days before a display that serve as its pre-period in display-lift analysis
 */
@ConfigurationProperties("stockroom.planogram")
public record PlanogramProperties(
        LocalDate targetDate,
        @DefaultValue("1.0") double targetShare,
        @DefaultValue("14") int liftPreDays) {

    public static final PlanogramProperties DEFAULTS = new PlanogramProperties(null, 1.0, 14);
}
