-- rollcall schema for PostgreSQL, version 7: the twin of the SQLite migration
-- 0007_event_language.sql — the language a seminar's lists are written in, English for
-- a seminar from before this version.
ALTER TABLE events ADD COLUMN language TEXT COLLATE "C" NOT NULL DEFAULT 'en'
    CHECK (language IN ('en', 'fr', 'ru', 'es', 'de'));
