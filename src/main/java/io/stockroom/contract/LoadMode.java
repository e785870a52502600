package io.stockroom.contract;

/**
 * What a load does to the rows already in the warehouse. No mode deletes a row the file did not mention unless
 * the file is declared the complete slice.
 */
public enum LoadMode {
    /** A row whose key is already loaded replaces it; every other row stays. The default for keyed facts and master data. */
    UPSERT,
    /** Only rows whose key is not loaded yet are added; a repeated event is recognised and skipped. For event-like data. */
    APPEND,
    /** The file is the complete slice (e.g. every row of a store-day): the slice's earlier rows are replaced. */
    REPLACE_SLICE
}
