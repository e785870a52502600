package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.quality.HeaderMapping;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Decides which dataset a file holds: its name first (sales_2024-05-01.csv), its headers second. */
public final class DatasetDetector {

    private final ContractRegistry contracts;

    DatasetDetector(ContractRegistry contracts) {
        this.contracts = contracts;
    }

    /**
     * How well a file's headers fit a dataset, 0..1: the share of the file's headers the dataset reads (0.6) and the
     * share of the dataset's required columns the file has (0.4). A file with quantity or money columns (units, sales,
     * price, ...) that the dataset does not read is never that dataset: a sales file is not a store list because it has
     * a store column.
     */
    public record Candidate(String dataset, double score, int matchedColumns, List<String> missingRequired) {}

    private static final Pattern MEASURE = Pattern.compile(
            "(?i).*(unit|qty|quantit|sales|revenue|amount|price|total|cost|value|hours|on.?hand|stock).*");

    private record Fit(Contract contract, HeaderMapping mapping, double score) {}

    private Fit fit(Contract c, List<String> headers) {
        HeaderMapping m = HeaderMapping.resolve(c, headers, Map.of());
        long required = c.inputColumns().stream().filter(ColumnSpec::required).count();
        double ofFile = headers.isEmpty() ? 0 : (double) m.matched() / headers.size();
        double ofRequired =
                required == 0 ? 1 : (double) (required - m.missingRequired().size()) / required;
        java.util.Set<String> read = new java.util.HashSet<>(m.columnToHeader().values());
        boolean measuresIgnored =
                headers.stream().anyMatch(h -> h != null && MEASURE.matcher(h).matches() && !read.contains(h));
        boolean readsMeasures = read.stream().anyMatch(h -> MEASURE.matcher(h).matches());
        double score = m.matched() == 0 || (measuresIgnored && !readsMeasures) ? 0 : 0.6 * ofFile + 0.4 * ofRequired;
        return new Fit(c, m, Math.round(score * 100) / 100.0);
    }

    /** Every dataset the headers could be, best first (at most {@code limit}); a dataset that fits nothing is left out. */
    List<Candidate> candidates(List<String> headers, int limit) {
        return contracts.all().stream()
                .map(c -> fit(c, headers))
                .filter(f -> f.score() > 0)
                .sorted(Comparator.comparingDouble((Fit f) -> -f.score())
                        .thenComparing(f -> f.contract().dataset()))
                .limit(limit)
                .map(f -> new Candidate(
                        f.contract().dataset(),
                        f.score(),
                        f.mapping().matched(),
                        f.mapping().missingRequired().stream()
                                .map(ColumnSpec::name)
                                .toList()))
                .toList();
    }

    /** The dataset a file to load holds: by its name, else by headers that leave no doubt (see below). */
    Contract detect(String fileName, List<String> headers) {
        return detect(fileName, headers, true);
    }

    /**
     * @param sure true for a load (the CLI, the drop folder, a validation of either): a dataset told by the headers
     *     alone must read at least half of the file's columns, or the file is refused naming its best fit. An order-line
     *     export (orderID, productID, unitPrice, quantity, discount) fits the products master by two columns and would
     *     upsert order prices into it. False for an upload preview, where the user sees the dataset and its fit and
     *     confirms or changes it before anything loads.
     */
    Contract detect(String fileName, List<String> headers, boolean sure) {
        List<Fit> complete = contracts.all().stream()
                .map(c -> fit(c, headers))
                .filter(f -> f.mapping().missingRequired().isEmpty() && f.score() > 0)
                .sorted(Comparator.comparingDouble((Fit f) -> -f.score())
                        .thenComparing(f -> f.contract().dataset()))
                .toList();
        Optional<NameMatch> named = nameMatch(fileName);
        if (named.isPresent()) {
            // The sender named the dataset; if columns are missing, saying so beats guessing another dataset, unless
            // the columns are plainly another one's (items_sold.csv holding sales): then the name is refused.
            refuseIfColumnsAreAnother(fileName, headers, named.get(), complete);
            return named.get().contract();
        }
        if (complete.isEmpty()) {
            List<Candidate> near = candidates(headers, 3);
            throw new StockroomException(
                    ErrorCode.DATASET_UNKNOWN,
                    "Cannot tell which dataset " + fileName + " holds: its headers " + headers
                            + " do not cover the required columns of any dataset"
                            + (near.isEmpty()
                                    ? ""
                                    : " (closest: "
                                            + near.stream()
                                                    .map(c -> c.dataset() + " " + Math.round(c.score() * 100)
                                                            + "%, missing " + String.join(", ", c.missingRequired()))
                                                    .collect(java.util.stream.Collectors.joining("; "))
                                            + ")")
                            + ". Say which dataset it holds: pick it on the upload card (web) or pass --dataset (one of "
                            + String.join(", ", contracts.names())
                            + "), or start the file name with it, e.g. sales_2024-05-01.csv.");
        }
        if (complete.size() > 1 && complete.get(0).score() == complete.get(1).score()) {
            throw new StockroomException(
                    ErrorCode.DATASET_AMBIGUOUS,
                    fileName + " could be " + complete.get(0).contract().dataset() + " or "
                            + complete.get(1).contract().dataset()
                            + ". Say which: pick it on the upload card (web) or pass --dataset, or start the file name with it.");
        }
        Fit best = complete.get(0);
        int read = best.mapping().columnToHeader().size();
        if (sure && read * 2 < headers.size()) {
            Set<String> readHeaders =
                    new HashSet<>(best.mapping().columnToHeader().values());
            throw new StockroomException(
                    ErrorCode.DATASET_UNKNOWN,
                    "Cannot tell for sure which dataset " + fileName + " holds: its best fit, "
                            + best.contract().dataset() + " (" + Math.round(best.score() * 100) + "%), would read only "
                            + read + " of its " + headers.size() + " columns ("
                            + String.join(", ", readHeaders.stream().sorted().toList())
                            + ") and leave "
                            + headers.stream()
                                    .filter(h -> !readHeaders.contains(h))
                                    .toList()
                            + " unread, which is more likely another kind of file. Say which dataset it holds: pick it on the upload card"
                            + " (web) or pass --dataset (one of "
                            + String.join(", ", contracts.names()) + "), or start the file name with it, e.g. "
                            + best.contract().dataset() + "_2024-05-01.csv.");
        }
        return best.contract();
    }

    /**
     * A file named for one dataset whose columns are another's is refused rather than loaded as the name says: the
     * named dataset would leave the file's quantity or money columns unread (it scores 0), or lacks required columns,
     * while another dataset has all of its own and reads at least half of the file's columns.
     */
    private void refuseIfColumnsAreAnother(String fileName, List<String> headers, NameMatch named, List<Fit> complete) {
        Fit asNamed = fit(named.contract(), headers);
        boolean misfit =
                asNamed.score() == 0 || !asNamed.mapping().missingRequired().isEmpty();
        Optional<Fit> other = complete.stream()
                .filter(f -> f.contract() != named.contract())
                .filter(f -> f.mapping().columnToHeader().size() * 2 >= headers.size())
                .findFirst();
        if (!misfit || other.isEmpty()) {
            return;
        }
        String dataset = named.contract().dataset();
        Set<String> read = new HashSet<>(asNamed.mapping().columnToHeader().values());
        List<String> measuresUnread = headers.stream()
                .filter(h -> h != null && MEASURE.matcher(h).matches() && !read.contains(h))
                .toList();
        String wrong = asNamed.mapping().missingRequired().isEmpty()
                ? dataset + " would leave its quantity or money columns " + measuresUnread + " unread"
                : "it has no column for "
                        + asNamed.mapping().missingRequired().stream()
                                .map(ColumnSpec::name)
                                .toList() + ", which " + dataset + " requires";
        String better = other.get().contract().dataset();
        throw new StockroomException(
                ErrorCode.DATASET_AMBIGUOUS,
                fileName + " was taken for dataset " + dataset + " because its file name starts with '" + named.word()
                        + "', but " + wrong + ", and its headers " + headers + " fit " + better + " ("
                        + Math.round(other.get().score() * 100) + "%). Nothing was loaded. If it holds " + better
                        + ", pass --dataset " + better + " (or pick it on the upload card), or rename the file to start"
                        + " with it, e.g. " + better + "_" + fileName + "; if it really is " + dataset
                        + ", pass --dataset " + dataset + ".");
    }

    /** The dataset a file name starts with, and the name or file-name word it starts with. */
    private record NameMatch(Contract contract, String word) {}

    /** The dataset whose name (or one of its file-name words) the file name starts with; the longest wins. */
    Optional<Contract> byName(String fileName) {
        return nameMatch(fileName).map(NameMatch::contract);
    }

    private Optional<NameMatch> nameMatch(String fileName) {
        NameMatch best = null;
        int bestLength = 0;
        for (Contract c : contracts.all()) {
            for (String word : Stream.concat(Stream.of(c.dataset()), c.fileNames().stream())
                    .toList()) {
                String w = word.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
                if (!w.isEmpty() && startsWithWord(fileName, w) && w.length() > bestLength) {
                    best = new NameMatch(c, word);
                    bestLength = w.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Whether the name's letters start with {@code word} (other characters skipped, as in {@code 2024_sales.csv} or
     * {@code pos-sales.csv}) and the word ends there: at a character that is not a letter, at the end, or at a capital
     * after a small letter ({@code SalesReport.csv}). {@code salesforce_contacts.csv} does not start with "sales".
     */
    static boolean startsWithWord(String name, String word) {
        int i = 0;
        for (int j = 0; j < word.length(); i++) {
            if (i == name.length()) {
                return false;
            }
            char ch = Character.toLowerCase(name.charAt(i));
            if (ch < 'a' || ch > 'z') {
                continue;
            }
            if (ch != word.charAt(j)) {
                return false;
            }
            j++;
        }
        if (i == name.length() || !Character.isLetter(name.charAt(i))) {
            return true;
        }
        return Character.isUpperCase(name.charAt(i)) && Character.isLowerCase(name.charAt(i - 1));
    }
}
