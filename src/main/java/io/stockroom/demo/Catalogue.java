package io.stockroom.demo;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The vocabulary of the demo chain, read from classpath:demo/chain.yaml: store names, suppliers, categories. */
record Catalogue(
        List<Area> areas, List<Supplier> suppliers, Map<String, Double> countries, List<Department> departments) {

    private static final String RESOURCE = "demo/chain.yaml";

    Catalogue {
        areas = List.copyOf(areas);
        suppliers = List.copyOf(suppliers);
        countries = new LinkedHashMap<>(countries);
        departments = List.copyOf(departments);
    }

    record Area(String name, String region, List<String> stores) {}

    record Supplier(String name, int leadTimeDays, String orderDays, double minOrderValue) {}

    record Department(String name, List<Category> categories) {}

    record Season(double peak, double amplitude, double christmas) {}

    record Category(
            String name,
            double weight,
            List<Double> price,
            List<Double> margin,
            double rate,
            Season season,
            List<Integer> casePacks,
            List<String> brands,
            List<String> items,
            List<String> variants,
            List<String> sizes) {}

    static Catalogue load() {
        YAMLMapper yaml = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build();
        try (InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new StockroomException(
                        ErrorCode.CONFIG_INVALID,
                        "The demo catalogue classpath:" + RESOURCE
                                + " is missing from the build. Rebuild Stockroom (./mvnw package).");
            }
            return yaml.readValue(in, Catalogue.class);
        } catch (IOException | RuntimeException e) {
            if (e instanceof StockroomException se) {
                throw se;
            }
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "Cannot read the demo catalogue classpath:" + RESOURCE + ": " + e.getMessage()
                            + ". Fix the YAML file.",
                    e);
        }
    }
}
