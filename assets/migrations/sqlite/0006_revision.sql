-- rollcall schema: a revision per event, bumped by triggers on every change to the
-- event, its delegations, its people and its check-ins. A desk stamps what it shows with
-- the revision it read with it, and knows exactly (not from a fingerprint) whether the
-- file still holds that. Triggers, not the store's code, so that no writer — the TUI,
-- the command line, an import — can forget.
--
-- Two counters: `presence` moves with check-ins and with people's status (which a
-- check-in or its undo changes); `registry` with everything else. A desk that sees only
-- `presence` move re-reads who is present and who is not registered, not every row.
--
-- The audit log has no trigger: no list shows it, and every change it records moves a
-- counter here by itself.
CREATE TABLE revision (
    event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    registry INTEGER NOT NULL DEFAULT 0,
    presence INTEGER NOT NULL DEFAULT 0
);

INSERT INTO revision (event_id) SELECT id FROM events;

-- A reused event id (SQLite may hand out a deleted row's id again) moves on from
-- whatever a desk saw under that id before.
CREATE TRIGGER revision_event_insert AFTER INSERT ON events
BEGIN
    INSERT INTO revision (event_id) VALUES (NEW.id)
        ON CONFLICT (event_id) DO UPDATE SET registry = registry + 1, presence = presence + 1;
END;

CREATE TRIGGER revision_event_update AFTER UPDATE ON events
BEGIN
    UPDATE revision SET registry = registry + 1 WHERE event_id = NEW.id;
END;

CREATE TRIGGER revision_delegation_insert AFTER INSERT ON delegations
BEGIN
    UPDATE revision SET registry = registry + 1 WHERE event_id = NEW.event_id;
END;

CREATE TRIGGER revision_delegation_update AFTER UPDATE ON delegations
BEGIN
    UPDATE revision SET registry = registry + 1 WHERE event_id IN (OLD.event_id, NEW.event_id);
END;

CREATE TRIGGER revision_delegation_delete AFTER DELETE ON delegations
BEGIN
    UPDATE revision SET registry = registry + 1 WHERE event_id = OLD.event_id;
END;

CREATE TRIGGER revision_attendee_insert AFTER INSERT ON attendees
BEGIN
    UPDATE revision SET registry = registry + 1 WHERE event_id = NEW.event_id;
END;

CREATE TRIGGER revision_attendee_delete AFTER DELETE ON attendees
BEGIN
    UPDATE revision SET registry = registry + 1 WHERE event_id = OLD.event_id;
END;

-- Every column but status. A column added to attendees later must be added here
-- (tests/one_truth.rs changes each column of each table and checks the counters).
CREATE TRIGGER revision_attendee_update AFTER UPDATE OF
    event_id, delegation_id, badge, honorific, given_name, family_name, native_name,
    gender, position, organisation, is_head, rank, country, email, phone, role, diet,
    access, notes, consent
ON attendees
BEGIN
    UPDATE revision SET registry = registry + 1 WHERE event_id IN (OLD.event_id, NEW.event_id);
END;

CREATE TRIGGER revision_attendee_status AFTER UPDATE OF status ON attendees
BEGIN
    UPDATE revision SET presence = presence + 1 WHERE event_id = NEW.event_id;
END;

CREATE TRIGGER revision_checkin_insert AFTER INSERT ON checkins
BEGIN
    UPDATE revision SET presence = presence + 1 WHERE event_id = NEW.event_id;
END;

CREATE TRIGGER revision_checkin_update AFTER UPDATE ON checkins
BEGIN
    UPDATE revision SET presence = presence + 1 WHERE event_id IN (OLD.event_id, NEW.event_id);
END;

CREATE TRIGGER revision_checkin_delete AFTER DELETE ON checkins
BEGIN
    UPDATE revision SET presence = presence + 1 WHERE event_id = OLD.event_id;
END;
