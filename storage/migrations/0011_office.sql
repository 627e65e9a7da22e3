-- The office's own configuration (sections no service claims: the calendar, the deadline policy), the
-- substitutes who act for absent staff, and "on behalf of" in the audit trail. Days are ISO 'YYYY-MM-DD'
-- in the office's zone; times are UTC ISO-8601 strings.

-- One row per office-wide section of the office TOML, as `refah configure` checked and normalised it (JSON).
CREATE TABLE office_config (
    section    TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- While it runs (first_day..last_day, both included, unless ended), `substitute` acts with the roles of
-- `principal`; every such action is audited with on_behalf_of = principal.
CREATE TABLE substitutes (
    id         INTEGER PRIMARY KEY,
    principal  INTEGER NOT NULL,
    substitute INTEGER NOT NULL,
    first_day  TEXT    NOT NULL,
    last_day   TEXT    NOT NULL,
    named_by   INTEGER,
    named_at   TEXT    NOT NULL,
    ended_at   TEXT,
    CHECK (principal <> substitute),
    CHECK (first_day <= last_day)
);
CREATE INDEX substitutes_by_substitute ON substitutes (substitute, last_day);

ALTER TABLE request_events ADD COLUMN on_behalf_of INTEGER;
