-- rollcall schema, version 2: find a person's audit lines without a scan (badge print
-- counts, erasing a person).
CREATE INDEX audit_by_attendee ON audit (attendee_id);
