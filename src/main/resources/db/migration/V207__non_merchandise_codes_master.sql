-- non_merchandise_codes is a master dataset (contracts/non_merchandise_codes.yaml): a retailer adds or renames its own
-- codes by sending a file (stockroom ingest, or the Data feeds upload) instead of an INSERT it has no client for on the
-- embedded warehouse. A file is an upsert by code, so the codes V70 and V190 ship stay; the marts recompute when the list
-- changes (it is a dimension of mart_sales_daily and mart_non_merchandise_daily).
ALTER TABLE non_merchandise_codes ADD COLUMN IF NOT EXISTS feed_id VARCHAR;
ALTER TABLE non_merchandise_codes ADD COLUMN IF NOT EXISTS updated_at TIMESTAMP;
