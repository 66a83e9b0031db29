-- Issue 25 (DESIGN.md "Meeting again"): `log --kind met --thank` asks for a thank-you for
-- meeting someone again even when the meeting before was within `thank-again-after`
-- (a regular at a monthly meetup is not thanked every month, unless you say so). The
-- flag is kept on the `met` it was given with, so that the scheduler, which is pure,
-- can read it with the rest of the history; 0 for every interaction before it.
ALTER TABLE interactions ADD COLUMN thank INTEGER NOT NULL DEFAULT 0 CHECK (thank IN (0, 1));
