package io.stockroom.alerting;

import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * SLA deadlines and alert channels ({@code stockroom.sla.*}). A business date's data is due at {@code deadline}
 * (per dataset in {@code deadlines}) on the next day, in {@code stockroom.timezone}.
 *
 * @param deadline     default deadline, local time of the day after the business date
 * @param deadlines    per dataset, e.g. sales: "07:00"
 * @param lookbackDays how many past business dates are watched
 * @param email        recipients and sender; mail goes through spring.mail.host / port / username / password
 * @param webhookUrl   a Slack/Teams-compatible incoming webhook; it receives {"text": "..."}
 */
@ConfigurationProperties("stockroom.sla")
public record SlaProperties(
        @DefaultValue("09:00") LocalTime deadline,
        Map<String, LocalTime> deadlines,
        @DefaultValue("3") int lookbackDays,
        @DefaultValue Email email,
        String webhookUrl) {

    public SlaProperties {
        deadlines = deadlines == null ? Map.of() : Map.copyOf(deadlines);
    }

    public record Email(
            List<String> to,
            @DefaultValue("stockroom@localhost") String from) {
        public Email {
            to = to == null ? List.of() : List.copyOf(to);
        }
    }

    LocalTime deadlineOf(String dataset) {
        return deadlines.getOrDefault(dataset, deadline);
    }
}
