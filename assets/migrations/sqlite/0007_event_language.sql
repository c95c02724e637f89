-- rollcall schema, version 7: the language a seminar's lists are written in (its List of
-- Participants, its Delegations tree): country names, headings and dates in that
-- language, countries in its alphabetical order. An ISO 639-1 code of the languages
-- rollcall writes; a seminar from before this version keeps English, as it was.
ALTER TABLE events ADD COLUMN language TEXT NOT NULL DEFAULT 'en'
    CHECK (language IN ('en', 'fr', 'ru', 'es', 'de'));
