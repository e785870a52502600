package io.stockroom.alerting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** While the server runs, checks the SLA every stockroom.sla.check-every (default one minute). */
@Component
@ConditionalOnWebApplication
class SlaTimer {

    private static final Logger log = LoggerFactory.getLogger(SlaTimer.class);

    private final SlaWatch watch;

    SlaTimer(SlaWatch watch) {
        this.watch = watch;
    }

    @Scheduled(
            fixedDelayString = "${stockroom.sla.check-every:PT1M}",
            initialDelayString = "${stockroom.sla.check-every:PT1M}")
    void tick() {
        try {
            var sent = watch.check();
            if (!sent.isEmpty()) {
                log.info("SLA check: {} alert(s)", sent.size());
            }
        } catch (RuntimeException e) {
            log.error("SLA check failed", e);
        }
    }
}
