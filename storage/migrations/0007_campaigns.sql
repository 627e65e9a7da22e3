-- Campaigns: study awards (applications are requests of service 'awards') and goods vouchers.
-- Days are ISO dates in the office's calendar; moments are UTC ISO-8601 strings; money is integer rials.
-- What a campaign announced is read from the outbox by purpose ('aw:announce:<id>', 'vc:issue:<id>').

CREATE TABLE award_campaigns (
    id                  INTEGER PRIMARY KEY,
    key                 TEXT    NOT NULL UNIQUE,
    academic_year       INTEGER NOT NULL,
    -- JSON: [{"level": ..., "threshold": "17.00", "amount": 5000000, "min_age": null, "max_age": null}]
    levels              TEXT    NOT NULL,
    deadline            TEXT    NOT NULL,
    remind_days_before  INTEGER NOT NULL DEFAULT 3 CHECK (remind_days_before >= 0),
    status              TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    opened_by           INTEGER,
    opened_at           TEXT    NOT NULL,
    -- the opener's message that shows the announcement's progress (edited as it goes)
    progress_chat_id    INTEGER,
    progress_message_id INTEGER,
    reported_at         TEXT,
    -- the timer that looks at the announcement's progress next
    tick_id             INTEGER,
    remind_id           INTEGER,
    close_id            INTEGER,
    closed_at           TEXT
);

-- One application per child per campaign (a cancelled one is withdrawn and frees the child).
CREATE TABLE award_applications (
    request_id        INTEGER PRIMARY KEY REFERENCES requests (id),
    campaign_id       INTEGER NOT NULL REFERENCES award_campaigns (id),
    child_national_id TEXT    NOT NULL,
    child_name        TEXT    NOT NULL,
    level             TEXT    NOT NULL,
    gpa               TEXT    NOT NULL,
    amount            INTEGER NOT NULL CHECK (amount > 0),
    withdrawn         INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1))
);
CREATE UNIQUE INDEX award_one_per_child ON award_applications (campaign_id, child_national_id)
    WHERE withdrawn = 0;

-- A payment list sent to finance: the applications on it, and when finance marked it paid.
CREATE TABLE award_payouts (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES award_campaigns (id),
    request_ids TEXT    NOT NULL,
    total       INTEGER NOT NULL,
    created_at  TEXT    NOT NULL,
    created_by  INTEGER,
    paid_at     TEXT,
    paid_by     INTEGER
);

CREATE TABLE voucher_campaigns (
    id                  INTEGER PRIMARY KEY,
    key                 TEXT    NOT NULL UNIQUE,
    amount              INTEGER NOT NULL CHECK (amount > 0),
    -- comma-separated employee statuses
    statuses            TEXT    NOT NULL,
    mode                TEXT    NOT NULL CHECK (mode IN ('cash', 'goods')),
    ends_on             TEXT    NOT NULL,
    opened_by           INTEGER,
    opened_at           TEXT    NOT NULL,
    progress_chat_id    INTEGER,
    progress_message_id INTEGER,
    reported_at         TEXT,
    tick_id             INTEGER,
    paid_at             TEXT,
    paid_by             INTEGER
);

-- One voucher (goods: with its code) or deposit (cash: no code) per beneficiary per campaign.
CREATE TABLE vouchers (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES voucher_campaigns (id),
    employee_id  INTEGER NOT NULL REFERENCES employees (id),
    user_id      INTEGER,
    code         TEXT    UNIQUE,
    amount       INTEGER NOT NULL CHECK (amount > 0),
    issued_at    TEXT    NOT NULL,
    used_at      TEXT,
    used_by      INTEGER,
    used_by_name TEXT,
    UNIQUE (campaign_id, employee_id)
);

CREATE INDEX outbox_by_purpose ON outbox (purpose, status);
