package io.stockroom.online;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Growth settings ({@code stockroom.online.*}): the revenue target that progress is measured against (revenue of the
 * last 12 months) and the milestone tiers on the way, in the data's currency.
 */
@ConfigurationProperties("stockroom.online")
public record OnlineProperties(
        @DefaultValue("10000000") BigDecimal revenueTarget,

        @DefaultValue({"1000000", "2500000", "5000000", "10000000"})
        List<BigDecimal> milestones) {

    public OnlineProperties {
        if (revenueTarget == null || revenueTarget.signum() <= 0) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "stockroom.online.revenue-target must be a positive amount, got " + revenueTarget
                            + ". Set it to the yearly revenue you aim for, e.g. 10000000.");
        }
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
        for (BigDecimal m : milestones) {
            if (m == null || m.signum() <= 0) {
                throw new StockroomException(
                        ErrorCode.CONFIG_INVALID,
                        "stockroom.online.milestones must be positive amounts, got " + milestones
                                + ". Example: 1000000,2500000,5000000,10000000.");
            }
        }
    }
}
