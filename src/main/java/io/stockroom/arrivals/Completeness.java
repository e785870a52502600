package io.stockroom.arrivals;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/** What was due on one business date and what arrived. Complete when every expected dataset (and store) arrived. */
public record Completeness(LocalDate businessDate, List<DatasetArrival> datasets) {

    public Completeness {
        datasets = List.copyOf(datasets);
    }

    public boolean complete() {
        return datasets.stream().allMatch(d -> d.status() == ArrivalStatus.COMPLETE);
    }

    public List<DatasetArrival> incomplete() {
        return datasets.stream()
                .filter(d -> d.status() != ArrivalStatus.COMPLETE)
                .toList();
    }

    /** e.g. "sales failed (feed f-12); labour missing for S2 (1 of 2 stores)", or "all 3 expected feeds arrived". */
    public String describe() {
        if (datasets.isEmpty()) {
            return "no feed is expected on " + businessDate + " (nothing in the calendar or its history)";
        }
        if (complete()) {
            return "all " + datasets.size() + " expected feeds arrived";
        }
        return incomplete().stream().map(DatasetArrival::describe).collect(Collectors.joining("; "));
    }

    /** How one dataset stands on a date. */
    public enum ArrivalStatus {
        COMPLETE,
        PARTIAL,
        MISSING,
        FAILED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param expectedStores the stores due ('*' for a dataset without stores)
     * @param missingStores  the expected stores with no rows for the date
     * @param failedFeeds    feeds of this dataset and date that failed and loaded nothing
     */
    public record DatasetArrival(
            String dataset,
            ArrivalStatus status,
            List<String> expectedStores,
            List<String> missingStores,
            List<String> failedFeeds) {

        public DatasetArrival {
            expectedStores = List.copyOf(expectedStores);
            missingStores = List.copyOf(missingStores);
            failedFeeds = List.copyOf(failedFeeds);
        }

        public String describe() {
            String stores = missingStores.equals(List.of("*"))
                    ? ""
                    : " for "
                            + (missingStores.size() > 5
                                    ? String.join(", ", missingStores.subList(0, 5)) + ", ..."
                                    : String.join(", ", missingStores))
                            + " (" + missingStores.size() + " of " + expectedStores.size() + " stores)";
            return switch (status) {
                case COMPLETE -> dataset + " arrived";
                case PARTIAL -> dataset + " missing" + stores;
                case MISSING -> dataset + " missing" + stores;
                case FAILED -> dataset + " failed" + stores + " (feed " + String.join(", ", failedFeeds) + ")";
            };
        }
    }
}
