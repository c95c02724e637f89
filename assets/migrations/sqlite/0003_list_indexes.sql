-- rollcall schema, version 3: count an event's registered people from an index
-- (the Seminars list at 100,000 people), instead of reading every row.
CREATE INDEX attendees_by_event_status ON attendees (event_id, status);
