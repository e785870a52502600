-- Two sheets of one workbook are two feeds: the sheet is part of what "the same file" means.
ALTER TABLE feeds ADD COLUMN IF NOT EXISTS sheet VARCHAR;
