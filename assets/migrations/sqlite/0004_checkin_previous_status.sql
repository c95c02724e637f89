-- rollcall schema, version 4: a check-in remembers the status it changed (an invited
-- person or a no-show who turns up becomes registered), so that undoing it restores
-- exactly what was there. NULL: the check-in changed no status.
ALTER TABLE checkins ADD COLUMN previous_status TEXT
    CHECK (previous_status IN ('invited', 'registered', 'cancelled', 'no_show'));
