package io.stockroom.alerting;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import tools.jackson.databind.json.JsonMapper;

/** Where an SLA alert goes. Every alert is also listed on the Quality page (the alerts table). */
sealed interface AlertChannel {

    String name();

    /** Delivers the alert or throws with the reason. */
    void send(String subject, String text) throws Exception;

    /** E-mail over SMTP (spring.mail.*). */
    record Email(JavaMailSender mail, String from, List<String> to) implements AlertChannel {
        public String name() {
            return "email";
        }

        public void send(String subject, String text) {
            SimpleMailMessage m = new SimpleMailMessage();
            m.setFrom(from);
            m.setTo(to.toArray(String[]::new));
            m.setSubject(subject);
            m.setText(text);
            mail.send(m);
        }
    }

    /** A generic webhook: POST {"text": "..."}, which Slack and Teams incoming webhooks accept. */
    record Webhook(HttpClient http, URI url) implements AlertChannel {
        private static final JsonMapper JSON = JsonMapper.builder().build();

        public String name() {
            return "webhook";
        }

        public void send(String subject, String text) throws IOException, InterruptedException {
            String body = JSON.writeValueAsString(java.util.Map.of("text", subject + "\n" + text));
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(url)
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IOException("the webhook answered HTTP " + r.statusCode() + ": " + r.body());
            }
        }
    }

    /** No channel configured: the log and the Quality page only. */
    record Log() implements AlertChannel {
        private static final Logger log = LoggerFactory.getLogger(AlertChannel.class);

        public String name() {
            return "log";
        }

        public void send(String subject, String text) {
            log.warn("alert: {} — {}", subject, text); // SLA and anomaly alerts alike (the subject says which)
        }
    }
}
