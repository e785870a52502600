package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.CapturesSystemStreams;
import io.stockroom.forecast.ForecastProperties;
import io.stockroom.replenish.Chain;
import io.stockroom.replenish.ObservedLeadTimeProperties;
import io.stockroom.replenish.ReplenishmentProperties;
import io.stockroom.replenish.SimulationService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `stockroom simulate` prints each policy per class, takes a what-if file, and says what is wrong with a bad one. */
@CapturesSystemStreams
class SimulateCommandTest {

    static final LocalDate FROM = LocalDate.of(2026, 3, 2);

    @TempDir
    Path dir;

    @Test
    void printsThePoliciesPerClassAndTakesAWhatIfFile() throws Exception {
        try (Chain chain = new Chain(dir.resolve("wh"))) {
            chain.store("S1")
                    .supplier("SUP1", 2, "MON,TUE,WED,THU,FRI,SAT,SUN", null)
                    .product("P1", "Dairy", 5)
                    .supplies("SUP1", "P1", 1, null, 2.5, null)
                    .history("S1", "P1", FROM.minusDays(1), Chain.alternating(10, 10, 28), 5, 25);
            for (LocalDate d = FROM; d.isBefore(FROM.plusDays(7)); d = d.plusDays(1)) {
                chain.sale("S1", "P1", d, 10, 50).snapshot("S1", "P1", d, 50, 0, 0);
            }
            SimulationService service = new SimulationService(
                    chain.warehouse(),
                    ReplenishmentProperties.defaults(),
                    ForecastProperties.defaults(false),
                    ObservedLeadTimeProperties.defaults());
            String out = capture(() -> assertThat(new CommandLine(new SimulateCommand(service))
                            .execute("--from", "2026-03-02", "--to", "2026-03-08", "--warm-up", "0"))
                    .isZero());
            assertThat(out)
                    .contains(
                            "Simulation 2026-03-02 to 2026-03-08 (policies from 2026-03-02, 0 days of warm-up not measured): 1 store-SKU pairs")
                    .contains("Class A (1 pairs)")
                    .contains("Class B (0 pairs)")
                    .containsPattern(
                            "Lead times: 1 (configured per supplier|configured per supplier and SKU|the default); "
                                    + "0 pairs with promotion days in the calendar")
                    .containsPattern(
                            "28-day average policy\\s+100\\.0%\\s+0\\.0%\\s+0\\.00\\s+25\\.00\\s+365\\.0\\s+7\\s+100\\.0%")
                    .containsPattern("actual history\\s+100\\.0%\\s+0\\.0%\\s+0\\.00\\s+125\\.00")
                    .containsPattern("Class B \\(0 pairs\\)\\s+policy.*\\s+28-day average policy\\s+n/a");

            Path policy = dir.resolve("what-if.yaml");
            Files.writeString(policy, "a-service-level: 0.99\nreview-days: 7\n");
            out = capture(() -> assertThat(new CommandLine(new SimulateCommand(service))
                            .execute(
                                    "--from",
                                    "2026-03-02",
                                    "--to",
                                    "2026-03-08",
                                    "--warm-up",
                                    "0",
                                    "--policy",
                                    policy.toString()))
                    .isZero());
            assertThat(out).contains("service level A 99.0%").contains("an order every 7 d");

            Files.writeString(policy, "c-service-measure: fill-rate\n");
            out = capture(() -> assertThat(new CommandLine(new SimulateCommand(service))
                            .execute(
                                    "--from",
                                    "2026-03-02",
                                    "--to",
                                    "2026-03-08",
                                    "--warm-up",
                                    "0",
                                    "--policy",
                                    policy.toString()))
                    .isZero());
            assertThat(out).contains("service level A 98.0% B 95.0% C 90.0% fill rate,");

            Files.writeString(policy, "a-service-levle: 0.99\n");
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new SimulateCommand(service));
            cli.setExecutionExceptionHandler((ex, line, parsed) -> { // as StockroomCommand.commandLine does
                line.getErr()
                        .println("stockroom: " + ex.getMessage() + " [" + ((io.stockroom.StockroomException) ex).code()
                                + "]");
                return 2;
            });
            cli.setErr(new PrintWriter(err));
            assertThat(cli.execute("--from", "2026-03-02", "--to", "2026-03-08", "--policy", policy.toString()))
                    .isEqualTo(2);
            assertThat(err.toString())
                    .contains("is not valid")
                    .contains("a-service-levle")
                    .contains("Known keys: a-service-level");
        }
    }

    @Test
    void aBadValueInTheWhatIfFileIsNamedWithHowToFixItAndNeverRoundedSilently() throws Exception {
        Path policy = dir.resolve("what-if.yaml");
        // review-days 3.5 used to become 3 without a word: a replay of a policy the buyer did not ask for
        Files.writeString(policy, "a-service-level: 0.99\nreview-days: 3.5\n");
        assertThatThrownBy(() -> SimulateCommand.whatIf(policy))
                .isInstanceOf(io.stockroom.StockroomException.class)
                .hasMessageContaining("'review-days'")
                .hasMessageContaining("3.5")
                .hasMessageContaining("a whole number of days");
        // the key is named, not only the Java type that could not be read
        Files.writeString(policy, "a-service-level: 0.99\nb-service-level: high\n");
        assertThatThrownBy(() -> SimulateCommand.whatIf(policy))
                .hasMessageContaining("'b-service-level'")
                .hasMessageContaining("high")
                .hasMessageContaining("a share such as 0.95")
                .hasMessageNotContaining("java.lang");
        Files.writeString(policy, "a-service-level 0.99\n");
        assertThatThrownBy(() -> SimulateCommand.whatIf(policy))
                .hasMessageContaining("key: value")
                .hasMessageNotContaining("io.stockroom");
        Files.writeString(policy, "review-days: 4\ndemand-window-days: 21\n");
        assertThat(SimulateCommand.whatIf(policy).reviewDays()).isEqualTo(4);
    }

    private static String capture(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
