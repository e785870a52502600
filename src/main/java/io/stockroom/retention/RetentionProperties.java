package io.stockroom.retention;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retention per dataset under stockroom.retention.datasets.&lt;dataset&gt; (or {@code default} for every dataset not
 * listed). Nothing is removed unless a policy says so: an unset value inherits {@code default}, 0 keeps for ever.
 * The audit log's own retention is stockroom.security.retention.* (view events 180 days).
 */
@ConfigurationProperties("stockroom.retention")
public record RetentionProperties(@DefaultValue Map<String, Policy> datasets) {

    /** The key whose policy applies to every dataset that has none of its own. */
    public static final String DEFAULT = "default";

    /**
     * Days each kind of data is kept; null inherits {@code default}, 0 keeps for ever.
     *
     * @param rawDays        raw lake files (and their manifest rows), by the time they were received
     * @param factsDays      fact rows, by their business date (fact datasets only)
     * @param quarantineDays quarantined rows, by the time they were quarantined
     * @param feedsDays      feed records and their issues, by the time the feed arrived; never before the feed's
     *                       file, quarantined rows and warehouse rows are gone
     */
    public record Policy(Integer rawDays, Integer factsDays, Integer quarantineDays, Integer feedsDays) {}

    public RetentionProperties {
        datasets = datasets == null ? Map.of() : Map.copyOf(datasets);
    }
}
