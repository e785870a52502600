package io.stockroom.api;

import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The dataset contracts in force, so uploaders and the UI know which columns each dataset takes. */
@RestController
@RequestMapping("/api/v1/datasets")
class DatasetsController {

    private final ContractRegistry contracts;

    DatasetsController(ContractRegistry contracts) {
        this.contracts = contracts;
    }

    @GetMapping
    List<DatasetView> list() {
        return contracts.all().stream().map(DatasetView::of).toList();
    }

    @GetMapping("/{dataset}")
    DatasetView one(@PathVariable String dataset) {
        return DatasetView.of(contracts.get(dataset));
    }

    /**
     * @param loadMode how a load meets the rows loaded before: upsert, append or replace_slice (see docs/ingest.md)
     * @param emptyDay valid: a header-only file is a normal day with no rows; refused: it fails (see docs/ingest.md)
     */
    record DatasetView(
            String dataset,
            String description,
            String kind,
            List<String> key,
            String loadMode,
            String emptyDay,
            List<ColumnView> columns) {
        static DatasetView of(Contract c) {
            return new DatasetView(
                    c.dataset(),
                    c.description(),
                    c.kind().name().toLowerCase(),
                    c.key(),
                    c.loadMode().name().toLowerCase(),
                    c.emptyDayValid() ? "valid" : "refused",
                    c.inputColumns().stream().map(ColumnView::of).toList());
        }
    }

    record ColumnView(
            String name, String type, boolean required, List<String> aliases, String defaultValue, String description) {
        static ColumnView of(ColumnSpec c) {
            return new ColumnView(
                    c.name(),
                    c.type().name().toLowerCase(),
                    c.required() && c.defaultValue() == null,
                    c.aliases(),
                    c.defaultValue(),
                    c.description());
        }
    }
}
