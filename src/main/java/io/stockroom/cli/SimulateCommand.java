package io.stockroom.cli;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.replenish.SimulationReport;
import io.stockroom.replenish.SimulationService;
import io.stockroom.replenish.SimulationSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLMapper;

@Component
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description =
                "Replay the history day by day with the 28-day average policy and the forecast policy, beside the actual history: "
                        + "fill rate, stock-out days, lost sales, inventory, turns, order lines and days neither out of stock nor overstocked, per ABC class.")
class SimulateCommand implements Runnable {

    private final SimulationService service;

    @Option(
            names = "--from",
            required = true,
            description = "First replayed business date (YYYY-MM-DD); the stock starts from the day before.")
    LocalDate from;

    @Option(
            names = "--to",
            required = true,
            description = "Last replayed business date (YYYY-MM-DD), at most the latest inventory snapshot.")
    LocalDate to;

    @Option(
            names = "--policy",
            description =
                    "YAML file of what-if values (a-service-level: 0.99, c-service-measure: fill-rate, a-max-weeks-of-supply: 3, review-days: 7, ...).")
    Path policy;

    @Option(
            names = "--warm-up",
            defaultValue = "28",
            description = "Days the policies run before --from, not measured (default 28), "
                    + "so the result is the policy's and not the stock it inherited.")
    int warmUp;

    @Option(names = "--store", description = "Only this store (default: every store).")
    String store;

    SimulateCommand(SimulationService service) {
        this.service = service;
    }

    @Override
    public void run() {
        SimulationReport r = service.simulate(from, to, whatIf(policy), Optional.ofNullable(store), warmUp);
        System.out.print(SimulationText.render(r));
    }

    static SimulationSettings.WhatIf whatIf(Path file) {
        if (file == null) {
            return SimulationSettings.WhatIf.none();
        }
        if (!Files.isRegularFile(file)) {
            throw new StockroomException(
                    ErrorCode.FILE_NOT_FOUND,
                    "Policy file " + file + " not found; give a YAML file such as\n"
                            + "  a-service-level: 0.99\n  a-max-weeks-of-supply: 3\n  review-days: 7");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new StockroomException(
                    ErrorCode.FILE_UNREADABLE, "Policy file " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (text.isBlank()) {
            return SimulationSettings.WhatIf.none();
        }
        // whole days stay whole: review-days: 3.5 is refused, not replayed as 3
        YAMLMapper yaml = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        try {
            return yaml.readValue(text, SimulationSettings.WhatIf.class);
        } catch (UnrecognizedPropertyException e) {
            throw notValid(file, "unknown key '" + e.getPropertyName() + "'");
        } catch (JacksonException e) {
            String key = e.getPath().isEmpty()
                    ? null
                    : e.getPath().get(e.getPath().size() - 1).getPropertyName();
            if (key == null) {
                throw notValid(file, "write one 'key: value' per line, e.g. 'a-service-level: 0.99'");
            }
            throw notValid(file, "'" + key + "' must be " + expected(key) + ", got '" + value(yaml, text, key) + "'");
        }
    }

    /** What a what-if key takes, in the words of its error message. */
    private static String expected(String key) {
        if (key.endsWith("-service-level")) {
            return "a share such as 0.95 (for 95 %)";
        }
        if (key.endsWith("-service-measure")) {
            return "cycle or fill-rate";
        }
        if (key.endsWith("-max-weeks-of-supply")) {
            return "a number of weeks such as 3";
        }
        return "a whole number of days such as 7";
    }

    private static String value(YAMLMapper yaml, String text, String key) {
        try {
            JsonNode v = yaml.readTree(text).get(key);
            return v == null ? "" : v.isValueNode() ? v.asString() : v.toString();
        } catch (JacksonException e) {
            return "?";
        }
    }

    private static StockroomException notValid(Path file, String what) {
        return new StockroomException(
                ErrorCode.BAD_PARAMETER,
                "Policy file " + file + " is not valid: " + what + ". Known keys: a-service-level, b-service-level, "
                        + "c-service-level, a-max-weeks-of-supply, b-max-weeks-of-supply, c-max-weeks-of-supply, "
                        + "demand-window-days, review-days, a-service-measure, b-service-measure, c-service-measure "
                        + "(cycle or fill-rate).");
    }
}
