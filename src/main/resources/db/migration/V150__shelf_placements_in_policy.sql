-- Issue 15: placements feed the replenishment policy (docs/replenishment.md, "Shelf floor and cap"). Each line keeps
-- what the store's placements on the business date said: their presentation minimum (facings x units-per-facing
-- where a placement gives none), their capacity, the cap it makes with the back-room allowance, and which placements
-- (fixture, section, shelf, position) they were, so the explanation can name the placement that set the floor or cap.
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS shelf_floor INTEGER;          -- NULL: not placed on the date
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS shelf_capacity INTEGER;       -- NULL: a placement has no capacity
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS shelf_max DECIMAL(18,6);      -- capacity + back-room allowance; NULL: no cap
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS shelf_placements VARCHAR;     -- 'G01 (Snacks, shelf 2, position 3): min 6, capacity 24; ...'
