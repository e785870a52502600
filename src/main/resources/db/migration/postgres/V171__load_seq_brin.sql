-- PostgreSQL only: a load reads its own rows back by load number (WHERE load_seq = n) several times while it settles
-- against earlier rows and writes its summary. Without an index each read scans the fact table's whole history;
-- DuckDB skips other loads' row groups by their load_seq range and needs nothing. Rows are appended in load order, so
-- a BRIN index (a few pages per table) finds one load's pages; autosummarize keeps it current as loads arrive, and
-- pages not summarized yet are always read, so a load just written is found.
CREATE INDEX IF NOT EXISTS sales_load_seq ON sales USING brin (load_seq) WITH (autosummarize = on);
CREATE INDEX IF NOT EXISTS inventory_load_seq ON inventory USING brin (load_seq) WITH (autosummarize = on);
CREATE INDEX IF NOT EXISTS orders_load_seq ON orders USING brin (load_seq) WITH (autosummarize = on);
CREATE INDEX IF NOT EXISTS labour_load_seq ON labour USING brin (load_seq) WITH (autosummarize = on);
CREATE INDEX IF NOT EXISTS shipments_load_seq ON shipments USING brin (load_seq) WITH (autosummarize = on);
CREATE INDEX IF NOT EXISTS support_conversations_load_seq ON support_conversations USING brin (load_seq) WITH (autosummarize = on);
CREATE INDEX IF NOT EXISTS marketing_spend_load_seq ON marketing_spend USING brin (load_seq) WITH (autosummarize = on);
CREATE INDEX IF NOT EXISTS web_sessions_load_seq ON web_sessions USING brin (load_seq) WITH (autosummarize = on);
CREATE INDEX IF NOT EXISTS receipts_load_seq ON receipts USING brin (load_seq) WITH (autosummarize = on);
