-- Issue 13: supplier_lead_times (V81) is filled from the receipts at each replenishment run, as of its business date.
-- source says who measured a row: 'receipts' (replaced at every run) or 'manual' (a buyer's estimate, kept until receipts
-- of that supplier x SKU give an observation); basis says whether the figure is the SKU's own receipts or the supplier's
-- receipts of every SKU (a SKU with too few receipts of its own); as_of is the business date it was measured for.
ALTER TABLE supplier_lead_times ADD COLUMN IF NOT EXISTS source VARCHAR DEFAULT 'manual';
ALTER TABLE supplier_lead_times ADD COLUMN IF NOT EXISTS basis VARCHAR;
ALTER TABLE supplier_lead_times ADD COLUMN IF NOT EXISTS as_of DATE;
