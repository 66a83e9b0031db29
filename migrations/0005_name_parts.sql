-- The structured name (vCard N, or a file's given and family columns) a contact was
-- imported with, as JSON `{family, given, additional, prefix, suffix}`, so that vCard
-- export writes N back as it came instead of guessing it from the display name.
ALTER TABLE contacts ADD COLUMN name_parts TEXT;
