-- rollcall schema, version 1: events, delegations, attendees, check-ins, audit log.
-- Applied inside one IMMEDIATE transaction by store::migrate; never edit a released
-- migration, add the next file instead.

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('seminar', 'workshop', 'conference', 'meeting')),
    venue          TEXT NOT NULL DEFAULT '',
    city           TEXT NOT NULL DEFAULT '',
    country        TEXT,
    start_date     TEXT NOT NULL,
    end_date       TEXT NOT NULL CHECK (end_date >= start_date),
    organiser      TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    -- Protocol order of delegation categories, comma-separated stored names.
    category_order TEXT NOT NULL DEFAULT
        'host_state,host_civil_society,participating_state,partner,international_organisation,civil_society,other'
);

CREATE TABLE delegations (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    category  TEXT NOT NULL CHECK (category IN ('host_state', 'host_civil_society',
                  'participating_state', 'partner', 'international_organisation',
                  'civil_society', 'other')),
    sort_key  TEXT NOT NULL,
    country   TEXT,
    UNIQUE (event_id, name)
);

CREATE TABLE attendees (
    id            INTEGER PRIMARY KEY,
    event_id      INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    -- Deleting a delegation leaves its people unassigned, never pointing nowhere.
    delegation_id INTEGER REFERENCES delegations (id) ON DELETE SET NULL,
    badge         INTEGER NOT NULL CHECK (badge > 0),
    honorific     TEXT NOT NULL DEFAULT '',
    given_name    TEXT NOT NULL CHECK (trim(given_name) <> ''),
    family_name   TEXT NOT NULL CHECK (trim(family_name) <> ''),
    native_name   TEXT NOT NULL DEFAULT '',
    gender        TEXT NOT NULL CHECK (gender IN ('female', 'male', 'other', 'unspecified')),
    position      TEXT NOT NULL DEFAULT '',
    organisation  TEXT NOT NULL DEFAULT '',
    is_head       INTEGER NOT NULL DEFAULT 0 CHECK (is_head IN (0, 1)),
    rank          INTEGER CHECK (rank > 0),
    country       TEXT,
    email         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('participant', 'speaker', 'moderator', 'expert',
                      'observer', 'organiser', 'interpreter', 'press')),
    status        TEXT NOT NULL CHECK (status IN ('invited', 'registered', 'cancelled', 'no_show')),
    diet          TEXT NOT NULL DEFAULT '',
    access        TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    consent       INTEGER NOT NULL DEFAULT 1 CHECK (consent IN (0, 1)),
    UNIQUE (event_id, badge)
);

CREATE INDEX attendees_by_delegation ON attendees (delegation_id);
CREATE INDEX attendees_by_event_family ON attendees (event_id, family_name);
-- At most one head per delegation, whatever the application does.
CREATE UNIQUE INDEX attendees_one_head ON attendees (delegation_id) WHERE is_head = 1;

-- A person's delegation must belong to the person's event.
CREATE TRIGGER attendees_delegation_same_event_insert
BEFORE INSERT ON attendees
WHEN NEW.delegation_id IS NOT NULL
 AND (SELECT event_id FROM delegations WHERE id = NEW.delegation_id) IS NOT NEW.event_id
BEGIN
    SELECT RAISE(ABORT, 'delegation belongs to another event');
END;

CREATE TRIGGER attendees_delegation_same_event_update
BEFORE UPDATE OF delegation_id, event_id ON attendees
WHEN NEW.delegation_id IS NOT NULL
 AND (SELECT event_id FROM delegations WHERE id = NEW.delegation_id) IS NOT NEW.event_id
BEGIN
    SELECT RAISE(ABORT, 'delegation belongs to another event');
END;

-- Without a delegation there is nothing to head.
CREATE TRIGGER attendees_unassigned_are_not_heads
AFTER UPDATE OF delegation_id ON attendees
WHEN NEW.delegation_id IS NULL AND NEW.is_head = 1
BEGIN
    UPDATE attendees SET is_head = 0 WHERE id = NEW.id;
END;

-- Attendance is per day: one row per person and day, never a boolean.
CREATE TABLE checkins (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    attendee_id INTEGER NOT NULL REFERENCES attendees (id) ON DELETE CASCADE,
    day         TEXT NOT NULL,
    at          TEXT NOT NULL,
    desk        TEXT NOT NULL,
    UNIQUE (attendee_id, day)
);

CREATE INDEX checkins_by_event_day ON checkins (event_id, day);
CREATE INDEX checkins_by_desk ON checkins (desk, id);

-- What happened, append-only. attendee_id deliberately has no foreign key: the history
-- outlives an erased person and then holds only the bare number.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    desk        TEXT NOT NULL,
    event_id    INTEGER REFERENCES events (id) ON DELETE CASCADE,
    attendee_id INTEGER,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);

CREATE INDEX audit_by_event ON audit (event_id, id);
