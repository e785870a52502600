package io.stockroom.contract;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The dataset contracts in force: the shipped defaults (classpath:contracts/*.yaml), each replaced by a file
 * of the same dataset name in the override directory ({data-dir}/contracts by default), plus any new
 * dataset defined there. Edit a YAML file and restart; no recompiling.
 */
@Component
public class ContractRegistry {

    private final Map<String, Contract> contracts;

    @org.springframework.beans.factory.annotation.Autowired
    public ContractRegistry(StockroomProperties properties) {
        this(properties.resolvedContractsDir());
    }

    public ContractRegistry(Path overrideDir) {
        Map<String, Contract> loaded = new LinkedHashMap<>();
        for (Contract c : shipped()) {
            loaded.put(c.dataset(), c);
        }
        if (overrideDir != null && Files.isDirectory(overrideDir)) {
            try (Stream<Path> files = Files.list(overrideDir)) {
                for (Path f : files.filter(p ->
                                p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted()
                        .toList()) {
                    try (InputStream in = Files.newInputStream(f)) {
                        Contract c = ContractParser.parse(in, f.toString());
                        loaded.put(c.dataset(), c);
                    }
                }
            } catch (IOException e) {
                throw new StockroomException(
                        ErrorCode.CONTRACT_INVALID,
                        "Cannot read contract overrides in " + overrideDir + ": " + e.getMessage(),
                        e);
            }
        }
        this.contracts = Map.copyOf(loaded);
        ContractParser.checkReferences(loaded);
    }

    private static List<Contract> shipped() {
        List<Contract> out = new ArrayList<>();
        try {
            Resource[] resources =
                    new PathMatchingResourcePatternResolver().getResources("classpath*:contracts/*.yaml");
            for (Resource r : resources) {
                try (InputStream in = r.getInputStream()) {
                    out.add(ContractParser.parse(in, "classpath:contracts/" + r.getFilename()));
                }
            }
        } catch (IOException e) {
            throw new StockroomException(
                    ErrorCode.CONTRACT_INVALID, "Cannot read shipped contracts: " + e.getMessage(), e);
        }
        return out;
    }

    public Optional<Contract> find(String dataset) {
        return Optional.ofNullable(contracts.get(dataset));
    }

    public Contract get(String dataset) {
        return find(dataset)
                .orElseThrow(() -> new StockroomException(
                        ErrorCode.DATASET_UNKNOWN,
                        "Unknown dataset '" + dataset + "'. Known datasets: " + String.join(", ", names()) + "."));
    }

    public Collection<Contract> all() {
        return contracts.values().stream()
                .sorted((a, b) -> a.dataset().compareTo(b.dataset()))
                .toList();
    }

    public List<String> names() {
        return contracts.keySet().stream().sorted().toList();
    }
}
