-- Official documents: the organisation's identity (one row, from the office file), letter numbers per series
-- and Jalali year, and one unguessable check token per issued document (its QR code's deep link).

CREATE TABLE organisation (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    name          TEXT    NOT NULL,
    unit          TEXT    NOT NULL DEFAULT '',
    address       TEXT    NOT NULL DEFAULT '',
    phone         TEXT    NOT NULL DEFAULT '',
    logo_path     TEXT,
    letter_series TEXT    NOT NULL,
    -- JSON list of {"title": ..., "name": ...}: who signs official letters, right to left
    signatories   TEXT    NOT NULL DEFAULT '[]',
    updated_at    TEXT    NOT NULL
);

CREATE TABLE letter_numbers (
    series TEXT    NOT NULL,
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (series, year)
);

-- What a document's check answers: kind, date, amount, holder (shown masked); void when its request is
-- cancelled, rejected or expired, or when revoked.
CREATE TABLE document_checks (
    token       TEXT    PRIMARY KEY,
    kind        TEXT    NOT NULL,
    label       TEXT    NOT NULL,
    request_id  INTEGER REFERENCES requests (id),
    reference   TEXT    NOT NULL DEFAULT '',
    holder      TEXT    NOT NULL,
    amount      INTEGER,
    issued_at   TEXT    NOT NULL,
    revoked_at  TEXT,
    UNIQUE (kind, reference)
);
CREATE INDEX document_checks_by_request ON document_checks (request_id);
