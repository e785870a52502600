-- model: mart_seasonal_indexes
-- description: Seasonal indexes of chain net sales: per weekday (1 = Monday) the mean day's sales over the whole weeks up to the latest date divided by the mean day of those weeks (needs 28 days of history), and per calendar month the same over the last 365 days (needs 365 days). No row until the history is long enough.
-- depends_on: mart_sales_chain_daily
-- grain: kind, period
-- incremental_by: full
-- tests: not_null(kind, period, seasonal_index, days, as_of_date), unique(kind, period), accepted_values(kind: weekday, month)
--
-- An index of 1.25 means that weekday (month) sells 25 % above the average day. Whole weeks so that every weekday counts
-- the same number of times; a day without sales in the mart (closed, or its feed missing) is left out, not taken as 0.
WITH d AS (
    SELECT business_date, CAST(net_sales AS DOUBLE PRECISION) AS net_sales FROM mart_sales_chain_daily
),
span AS (
    SELECT MAX(business_date) AS as_of_date, CAST(MAX(business_date) - MIN(business_date) + 1 AS INTEGER) AS history_days FROM d
),
weeks AS (
    SELECT d.business_date, d.net_sales, s.as_of_date
    FROM d CROSS JOIN span s
    WHERE s.history_days >= 28 AND d.business_date > s.as_of_date - 7 * CAST(FLOOR(s.history_days / 7.0) AS INTEGER)
),
year AS (
    SELECT d.business_date, d.net_sales, s.as_of_date
    FROM d CROSS JOIN span s
    WHERE s.history_days >= 365 AND d.business_date > s.as_of_date - 365
),
indexed AS (
    SELECT 'weekday' AS kind, CAST(EXTRACT(ISODOW FROM w.business_date) AS INTEGER) AS period, AVG(w.net_sales) AS mean_sales,
           COUNT(*) AS days, (SELECT AVG(net_sales) FROM weeks) AS overall, MAX(w.as_of_date) AS as_of_date
    FROM weeks w GROUP BY CAST(EXTRACT(ISODOW FROM w.business_date) AS INTEGER)
    UNION ALL
    SELECT 'month', CAST(EXTRACT(MONTH FROM y.business_date) AS INTEGER), AVG(y.net_sales), COUNT(*), (SELECT AVG(net_sales) FROM year),
           MAX(y.as_of_date)
    FROM year y GROUP BY CAST(EXTRACT(MONTH FROM y.business_date) AS INTEGER)
)
SELECT kind, period, CAST(CAST(mean_sales AS DECIMAL(18,6)) AS DECIMAL(18,2)) AS mean_sales, CAST(days AS INTEGER) AS days,
       CAST(ROUND(CAST(mean_sales / overall AS DECIMAL(18,6)), 4) AS DECIMAL(10,4)) AS seasonal_index, as_of_date
FROM indexed
WHERE overall <> 0
