package io.stockroom.model;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The models, in an order where every model comes after the models it depends on. */
final class ModelCatalog {

    static final String DEFAULT_LOCATION = "classpath*:models/**/*.sql";

    private final List<Model> ordered;
    private final Map<String, Model> byName;

    private ModelCatalog(List<Model> ordered) {
        this.ordered = List.copyOf(ordered);
        Map<String, Model> map = new LinkedHashMap<>();
        ordered.forEach(m -> map.put(m.name(), m));
        this.byName = map;
    }

    /** Loads every model file matching a Spring resource pattern, e.g. {@code classpath*:models/**}{@code /*.sql}. */
    static ModelCatalog load(String locationPattern) {
        Resource[] resources;
        try {
            resources = new PathMatchingResourcePatternResolver().getResources(locationPattern);
        } catch (IOException e) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "Cannot list model files at " + locationPattern + ": " + e.getMessage(),
                    e);
        }
        List<Model> models = new ArrayList<>();
        for (Resource r : resources) {
            try {
                models.add(ModelParser.parse(
                        String.valueOf(r.getFilename()), r.getContentAsString(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new StockroomException(
                        ErrorCode.CONFIG_INVALID,
                        "Cannot read model file " + r.getFilename() + ": " + e.getMessage(),
                        e);
            }
        }
        return of(models);
    }

    /** Orders the models topologically; a cycle or a duplicate name is an error that names the models involved. */
    static ModelCatalog of(Collection<Model> models) {
        Map<String, Model> byName = new TreeMap<>();
        for (Model m : models) {
            if (byName.put(m.name(), m) != null) {
                throw new StockroomException(
                        ErrorCode.CONFIG_INVALID,
                        "Two model files define the model '" + m.name() + "'. Rename or remove one.");
            }
        }
        // Kahn's algorithm; ties broken by name so the order is stable.
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (Model m : byName.values()) {
            int count = 0;
            for (String dep : new TreeSet<>(m.dependsOn())) {
                if (byName.containsKey(dep)) {
                    count++;
                    dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(m.name());
                }
            }
            pending.put(m.name(), count);
        }
        TreeSet<String> ready = new TreeSet<>();
        pending.forEach((name, count) -> {
            if (count == 0) {
                ready.add(name);
            }
        });
        List<Model> ordered = new ArrayList<>();
        while (!ready.isEmpty()) {
            String next = ready.pollFirst();
            ordered.add(byName.get(next));
            for (String dependent : dependents.getOrDefault(next, List.of())) {
                if (pending.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (ordered.size() < byName.size()) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "The models depend on each other in a cycle: " + String.join(" -> ", findCycle(byName))
                            + ". Remove one of these depends_on entries.");
        }
        return new ModelCatalog(ordered);
    }

    private static List<String> findCycle(Map<String, Model> byName) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
        for (String start : byName.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            List<String> cycle = visit(start, byName, state, path);
            if (cycle != null) {
                return cycle;
            }
        }
        return List.of("?");
    }

    private static List<String> visit(
            String name, Map<String, Model> byName, Map<String, Integer> state, Deque<String> path) {
        Integer s = state.get(name);
        if (s != null && s == 2) {
            return null;
        }
        if (s != null && s == 1) {
            List<String> onPath = new ArrayList<>(path);
            List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(name), onPath.size()));
            cycle.add(name);
            return cycle;
        }
        state.put(name, 1);
        path.addLast(name);
        for (String dep : new TreeSet<>(byName.get(name).dependsOn())) {
            if (byName.containsKey(dep)) {
                List<String> cycle = visit(dep, byName, state, path);
                if (cycle != null) {
                    return cycle;
                }
            }
        }
        path.removeLast();
        state.put(name, 2);
        return null;
    }

    /** Fails, naming the model and the fix, when a model is written for another engine's dialect than {@code engine}. */
    void requireWrittenFor(String engine) {
        for (Model m : ordered) {
            if (m.dialect() != null && !m.dialect().equals(engine)) {
                throw new StockroomException(
                        ErrorCode.CONFIG_INVALID,
                        "Model " + m.name() + " is written for " + m.dialect() + " but the warehouse runs on " + engine
                                + ". Provide a portable version of models/" + m.name() + ".sql.");
            }
        }
    }

    List<Model> ordered() {
        return ordered;
    }

    Optional<Model> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    boolean isModel(String name) {
        return byName.containsKey(name);
    }
}
