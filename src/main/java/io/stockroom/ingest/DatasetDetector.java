package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.quality.HeaderMapping;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Decides which dataset a file holds: its name first (sales_2024-05-01.csv), its headers second. */
final class DatasetDetector {

    private final ContractRegistry contracts;

    DatasetDetector(ContractRegistry contracts) {
        this.contracts = contracts;
    }

    private record Candidate(Contract contract, HeaderMapping mapping) {
        double share() {
            return (double) mapping.matched() / contract.inputColumns().size();
        }
    }

    Contract detect(String fileName, List<String> headers) {
        Optional<Contract> named = byName(fileName);
        if (named.isPresent()) {
            // The sender named the dataset; if columns are missing, saying so beats guessing another dataset.
            return named.get();
        }
        List<Candidate> complete = contracts.all().stream()
                .map(c -> new Candidate(c, HeaderMapping.resolve(c, headers, Map.of())))
                .filter(c -> c.mapping().missingRequired().isEmpty() && c.mapping().matched() > 0)
                .sorted(Comparator.comparingInt((Candidate c) -> -c.mapping().matched()).thenComparingDouble(c -> -c.share()))
                .toList();
        if (complete.isEmpty()) {
            throw new StockroomException(ErrorCode.DATASET_UNKNOWN, "Cannot tell which dataset " + fileName + " holds: its headers " + headers
                    + " do not cover the required columns of any dataset. Name the dataset with --dataset (one of "
                    + String.join(", ", contracts.names()) + ") or start the file name with it, e.g. sales_2024-05-01.csv.");
        }
        if (complete.size() > 1 && complete.get(0).mapping().matched() == complete.get(1).mapping().matched()
                && complete.get(0).share() == complete.get(1).share()) {
            throw new StockroomException(ErrorCode.DATASET_AMBIGUOUS, fileName + " could be " + complete.get(0).contract().dataset() + " or "
                    + complete.get(1).contract().dataset() + ". Name the dataset with --dataset or start the file name with it.");
        }
        return complete.get(0).contract();
    }

    /** The dataset whose name (or one of its file-name words) the file name starts with; the longest wins. */
    Optional<Contract> byName(String fileName) {
        String flat = fileName.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        Contract best = null;
        int bestLength = 0;
        for (Contract c : contracts.all()) {
            for (String word : Stream.concat(Stream.of(c.dataset()), c.fileNames().stream()).toList()) {
                String w = word.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
                if (!w.isEmpty() && flat.startsWith(w) && w.length() > bestLength) {
                    best = c;
                    bestLength = w.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
