-- Issue 27 (DESIGN.md "Urgency"): `due` ranks items by urgency, weight(kind) x (1 +
-- min(days overdue / scale, 3)), where the scale is a check-in's cadence in days (its
-- due date minus the last interaction's date) and `thank-you-within` in days for every
-- other kind. The scheduler computes it with the rest of each follow-up, and it is
-- stored beside them, so that `due` reads it with the rows it already reads.
ALTER TABLE follow_ups ADD COLUMN scale_days INTEGER NOT NULL DEFAULT 1 CHECK (scale_days >= 1);

-- The follow-ups stored before this version have no scale: the contacts that have
-- some are computed again on first use, as after migration 0007 (most of a large
-- network, imported with no cadence, has none, and nothing to compute).
UPDATE contacts SET computed_on = NULL WHERE id IN (SELECT contact_id FROM follow_ups);
