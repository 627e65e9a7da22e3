-- Request-free benefits (marriage and birth allowances): the payroll history the rules read, every event
-- matched to someone on file with its judgement (eligible or not, the amount, every reason, the facts used),
-- the payment batches sent to finance, the rules from the office TOML, the registry files already read, and
-- the Sheba numbers people gave in the bot. Jalali months are 'YYYY/MM' strings; money is integer rials.

-- Contribution days and gross pay per person and Jalali month; re-importing a month replaces it.
CREATE TABLE benefit_payroll (
    national_id       TEXT    NOT NULL,
    month             TEXT    NOT NULL,
    contribution_days INTEGER NOT NULL CHECK (contribution_days BETWEEN 0 AND 31),
    gross_pay         INTEGER NOT NULL CHECK (gross_pay >= 0),
    imported_at       TEXT    NOT NULL,
    PRIMARY KEY (national_id, month)
) WITHOUT ROWID;

-- Payment batches: one per run that found someone to pay; finance marks it paid.
CREATE TABLE benefit_batches (
    id         INTEGER PRIMARY KEY,
    month      TEXT    NOT NULL,
    lines      INTEGER NOT NULL CHECK (lines >= 1),
    total      INTEGER NOT NULL CHECK (total >= 1),
    created_at TEXT    NOT NULL,
    sent_at    TEXT,
    paid_at    TEXT,
    paid_by    INTEGER
);

-- One event of someone on file (from the registry, or registered by them in the bot). ``natural_key`` makes
-- the same event under another record id (an overlapping file) a known one: a marriage is the couple and the
-- day, a birth is the child. ``state``: pending (to be judged), not_eligible, awaiting_sheba, due (to be
-- batched), batched, paid, objected, upheld, rejected.
CREATE TABLE benefit_cases (
    id                INTEGER PRIMARY KEY,
    record_id         TEXT    NOT NULL UNIQUE,
    natural_key       TEXT    NOT NULL UNIQUE,
    employee_id       INTEGER NOT NULL REFERENCES employees (id),
    national_id       TEXT    NOT NULL,
    benefit           TEXT    NOT NULL CHECK (benefit IN ('marriage', 'birth')),
    event_date        TEXT    NOT NULL,
    other_national_id TEXT    NOT NULL,
    marriage_kind     TEXT    CHECK (marriage_kind IN ('permanent', 'temporary')),
    source            TEXT    NOT NULL CHECK (source IN ('registry', 'self')),
    state             TEXT    NOT NULL,
    eligible          INTEGER CHECK (eligible IN (0, 1)),
    amount            INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
    reasons           TEXT    NOT NULL DEFAULT '',
    facts             TEXT,
    judged_at         TEXT,
    batch_id          INTEGER REFERENCES benefit_batches (id),
    sheba             TEXT,
    request_id        INTEGER REFERENCES requests (id),
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
);
CREATE INDEX benefit_cases_by_employee ON benefit_cases (employee_id, event_date);
CREATE INDEX benefit_cases_by_state ON benefit_cases (state);
CREATE INDEX benefit_cases_by_batch ON benefit_cases (batch_id);
CREATE INDEX benefit_cases_by_request ON benefit_cases (request_id);

-- One row: the rules and the folder of the month-end run, from the [benefits] section of the office TOML.
CREATE TABLE benefit_settings (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    rules      TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

-- Registry files already read by a month-end run, by content: the same file dropped again is skipped.
CREATE TABLE benefit_files (
    sha256  TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    read_at TEXT NOT NULL
);

-- Every run over a registry file: what it found, for the audit.
CREATE TABLE benefit_runs (
    id      INTEGER PRIMARY KEY,
    source  TEXT NOT NULL,
    at      TEXT NOT NULL,
    counts  TEXT NOT NULL
);

-- Sheba numbers people gave in the bot: who, the old and the new number, when.
CREATE TABLE sheba_changes (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    user_id     INTEGER NOT NULL,
    old_sheba   TEXT    NOT NULL,
    new_sheba   TEXT    NOT NULL,
    at          TEXT    NOT NULL
);
