-- rollcall schema, version 5: the exports and backups this registry wrote, so that
-- erasing a person can say which copies may still hold them. `last_attendee` is the
-- highest attendee id when the copy was written: a copy can hold a person only if
-- their id is not above it (ids only grow while a person exists), which needs no
-- trust in clocks. event_id is NULL for a backup (every event); no foreign key: the
-- copy outlives a deleted event just as the file on disk does.
CREATE TABLE copies (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    desk          TEXT NOT NULL,
    path          TEXT NOT NULL,
    format        TEXT NOT NULL,
    event_id      INTEGER,
    people        INTEGER NOT NULL CHECK (people >= 0),
    last_attendee INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX copies_by_last_attendee ON copies (last_attendee);
