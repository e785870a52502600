package io.stockroom.pipeline;

import io.stockroom.alerting.AnomalyWatch;
import java.util.List;
import org.springframework.stereotype.Component;

/** After the marts: the business date's unusual days (mart_online_anomalies) go out as alerts, grouped by cause (issue 13). */
@Component
class AnomalyAlertsStep implements PipelineStep {

    private final AnomalyWatch watch;

    AnomalyAlertsStep(AnomalyWatch watch) {
        this.watch = watch;
    }

    @Override
    public String name() {
        return "anomaly alerts";
    }

    @Override
    public int order() {
        return 15;
    }

    @Override
    public StepOutcome execute(RunContext context) {
        List<AnomalyWatch.Sent> sent = watch.check(context.businessDate());
        long failed = sent.stream().filter(s -> s.status().equals("failed")).count();
        return new StepOutcome(
                sent.size(),
                failed > 0,
                sent.isEmpty()
                        ? "no unusual day"
                        : sent.size() + " alert(s): "
                                + sent.stream()
                                        .map(s -> s.cause() + " over " + s.channel() + " (" + s.status() + ")")
                                        .distinct()
                                        .toList());
    }
}
