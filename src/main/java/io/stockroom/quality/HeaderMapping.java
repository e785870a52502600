package io.stockroom.quality;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.Contract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which file header feeds which contract column. Built from the contract's names and aliases, with explicit
 * choices (from the upload preview) taking precedence.
 */
public record HeaderMapping(
        Map<String, String> columnToHeader, List<String> unmappedHeaders, List<ColumnSpec> missingRequired) {

    public static HeaderMapping resolve(
            Contract contract, List<String> headers, Map<String, String> explicitHeaderToColumn) {
        Map<String, String> columnToHeader = new LinkedHashMap<>();
        Map<String, String> explicit = explicitHeaderToColumn == null ? Map.of() : explicitHeaderToColumn;
        for (Map.Entry<String, String> e : explicit.entrySet()) {
            if (e.getValue() == null || e.getValue().isBlank()) {
                continue;
            }
            if (!headers.contains(e.getKey())) {
                throw new StockroomException(
                        ErrorCode.BAD_PARAMETER,
                        "The mapping names header '" + e.getKey() + "', which the file does not have. File headers: "
                                + headers + ".");
            }
            ColumnSpec col = contract.column(e.getValue())
                    .filter(c -> !c.isDerived())
                    .orElseThrow(() -> new StockroomException(
                            ErrorCode.BAD_PARAMETER,
                            "The mapping sends '" + e.getKey() + "' to column '" + e.getValue() + "', which dataset "
                                    + contract.dataset() + " does not have. Columns: "
                                    + contract.inputColumns().stream()
                                            .map(ColumnSpec::name)
                                            .toList() + "."));
            columnToHeader.put(col.name(), e.getKey());
        }
        for (ColumnSpec col : contract.inputColumns()) {
            if (columnToHeader.containsKey(col.name())) {
                continue;
            }
            for (String h : headers) {
                if (!columnToHeader.containsValue(h) && !explicit.containsKey(h) && col.matchesHeader(h)) {
                    columnToHeader.put(col.name(), h);
                    break;
                }
            }
        }
        List<String> unmapped = new ArrayList<>();
        for (String h : headers) {
            if (!columnToHeader.containsValue(h) && !CheckPlan.NESTED.equals(h)) {
                unmapped.add(h);
            }
        }
        List<ColumnSpec> missing = contract.requiredColumns().stream()
                .filter(c -> !columnToHeader.containsKey(c.name()))
                .toList();
        return new HeaderMapping(Map.copyOf(columnToHeader), List.copyOf(unmapped), missing);
    }

    /**
     * Refuses a header with two columns that both name one contract column ({@code units} and {@code qty}, both
     * units_sold), unless the explicit mapping says which feeds it: using the first would drop the other without a
     * word. Exact duplicate names are refused when the file is decoded.
     */
    public static void refuseTwoHeadersForOneColumn(
            Contract contract, List<String> headers, Map<String, String> explicitHeaderToColumn, String fileName) {
        Map<String, String> explicit = explicitHeaderToColumn == null ? Map.of() : explicitHeaderToColumn;
        List<String> clashes = new ArrayList<>();
        for (ColumnSpec col : contract.inputColumns()) {
            if (explicit.containsValue(col.name())) {
                continue;
            }
            List<String> matching = new ArrayList<>();
            for (int i = 0; i < headers.size(); i++) {
                String h = headers.get(i);
                if (h != null && !explicit.containsKey(h) && col.matchesHeader(h)) {
                    matching.add("'" + h + "' (column " + (i + 1) + ")");
                }
            }
            if (matching.size() > 1) {
                clashes.add(String.join(" and ", matching) + " are both names of '" + col.name() + "'");
            }
        }
        if (!clashes.isEmpty()) {
            throw new StockroomException(
                    ErrorCode.FILE_UNREADABLE,
                    "'" + fileName + "' has two columns for one column of dataset " + contract.dataset() + ": "
                            + String.join("; ", clashes)
                            + ". Loading one would drop the other without a word: drop one of them or rename it to a"
                            + " header the contract does not read (or map each header in the upload preview).");
        }
    }

    public Optional<String> header(String column) {
        return Optional.ofNullable(columnToHeader.get(column));
    }

    /** How many of the contract's columns this file provides; used to guess the dataset. */
    public int matched() {
        return columnToHeader.size();
    }

    /** A message for a file that lacks required columns: which, and which headers would be accepted. */
    public String missingRequiredMessage(Contract contract, List<String> headers) {
        StringBuilder b = new StringBuilder("The file has no column for ");
        for (int i = 0; i < missingRequired.size(); i++) {
            ColumnSpec c = missingRequired.get(i);
            b.append(i == 0 ? "" : "; ")
                    .append('\'')
                    .append(c.name())
                    .append("' (accepted headers: ")
                    .append(c.name());
            c.aliases().stream().limit(8).forEach(a -> b.append(", ").append(a));
            b.append(')');
        }
        b.append(", which dataset ")
                .append(contract.dataset())
                .append(" requires. Its headers are ")
                .append(headers)
                .append(". Rename the header, map it in the upload preview, or add an alias to the contract.");
        return b.toString();
    }
}
