-- Office-wide settings loaded from the office's TOML file (sections no single service owns), and when a
-- personal document's file id was deleted after its request's retention period.

CREATE TABLE office_settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

ALTER TABLE attachments ADD COLUMN purged_at TEXT;
