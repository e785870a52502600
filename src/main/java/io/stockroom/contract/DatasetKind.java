package io.stockroom.contract;

/** Master data upserts by key; facts replace the slice (dates, and stores where the slice says so) they cover. */
public enum DatasetKind {
    MASTER,
    FACT
}
