-- The demand statistics trusted a generation while each date's facts kept their row count and totals (units and net
-- sales, on hand and on order), so a file sent again with a sale moved to another SKU at the same price (or a snapshot's
-- stock moved between two items) left the totals, and the stale statistics, in place. Reading those decimals for 91
-- days of snapshots was also most of the check's cost. A date's facts are now identified by the loads that wrote them:
-- its row count and the sum of its rows' load numbers (load_seq, higher for every load: any row replaced by a later
-- load changes the sum). The statistics are derived data: the next run rebuilds them.
DROP TABLE IF EXISTS demand_stats_sources;
CREATE TABLE demand_stats_sources (
    as_of          DATE NOT NULL,
    dataset        VARCHAR NOT NULL,          -- sales, inventory
    business_date  DATE NOT NULL,
    row_count      BIGINT NOT NULL,
    load_seq_sum   DECIMAL(38,0)              -- SUM(load_seq) of the date's rows
);
