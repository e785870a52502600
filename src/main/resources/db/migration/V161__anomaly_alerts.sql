-- Issue 13: unusual days (mart_online_anomalies) are alerts too, sent over the SLA channels and listed with them. kind
-- says what raised an alert: 'sla' (a dataset late or failed at its deadline; dataset = the dataset) or 'anomaly' (dataset
-- = the cause, web_sales_spike or web_sales_drop: one alert per day and cause, naming every metric that moved).
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS kind VARCHAR DEFAULT 'sla';
