-- Foundation: the registry, identity, roles, requests with their audit trail, the outbox, reminders and
-- the bot's conversation persistence. Times are UTC ISO-8601 strings; money is integer rials.

CREATE TABLE employees (
    id                INTEGER PRIMARY KEY,
    personnel_no      TEXT    NOT NULL UNIQUE,
    national_id       TEXT    NOT NULL UNIQUE,
    first_name        TEXT    NOT NULL,
    last_name         TEXT    NOT NULL,
    mobile            TEXT    NOT NULL UNIQUE,
    status            TEXT    NOT NULL CHECK (status IN ('employed', 'retired', 'pensioner')),
    hire_date         TEXT,
    fund_member_since TEXT,
    fund_debt         INTEGER NOT NULL DEFAULT 0 CHECK (fund_debt >= 0),
    sheba             TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
);

CREATE TABLE dependants (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    national_id TEXT    NOT NULL,
    first_name  TEXT    NOT NULL,
    last_name   TEXT    NOT NULL,
    relation    TEXT    NOT NULL CHECK (relation IN ('spouse', 'child', 'parent')),
    birth_date  TEXT,
    UNIQUE (employee_id, national_id)
);

-- A Telegram/Bale account linked to an employee after onboarding.
CREATE TABLE accounts (
    user_id     INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL UNIQUE REFERENCES employees (id),
    linked_at   TEXT    NOT NULL
);

-- Onboarding progress and lockout, per Telegram user.
CREATE TABLE onboarding (
    user_id      INTEGER PRIMARY KEY,
    employee_id  INTEGER REFERENCES employees (id),
    failures     INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
);

CREATE TABLE roles (
    user_id    INTEGER NOT NULL,
    role       TEXT    NOT NULL,
    scope      TEXT    NOT NULL DEFAULT '',
    granted_by INTEGER,
    granted_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, role, scope)
);

CREATE TABLE role_audit (
    id       INTEGER PRIMARY KEY,
    at       TEXT    NOT NULL,
    actor    INTEGER,
    action   TEXT    NOT NULL CHECK (action IN ('grant', 'revoke')),
    user_id  INTEGER NOT NULL,
    role     TEXT    NOT NULL,
    scope    TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE requests (
    id               INTEGER PRIMARY KEY,
    tracking_code    TEXT    NOT NULL UNIQUE,
    service          TEXT    NOT NULL,
    employee_id      INTEGER NOT NULL REFERENCES employees (id),
    user_id          INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    payload          TEXT    NOT NULL DEFAULT '{}',
    idempotency_key  TEXT    UNIQUE,
    admin_chat_id    INTEGER,
    admin_message_id INTEGER,
    -- the status a request returns to when the user answers a request for more information
    resume_status    TEXT,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);
CREATE INDEX requests_by_employee ON requests (employee_id, created_at);
CREATE INDEX requests_by_service_status ON requests (service, status);

-- The audit trail: every change of a request, who and when.
CREATE TABLE request_events (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    at          TEXT    NOT NULL,
    actor       INTEGER,
    actor_name  TEXT,
    actor_role  TEXT,
    action      TEXT    NOT NULL,
    from_status TEXT,
    to_status   TEXT    NOT NULL,
    note        TEXT
);
CREATE INDEX request_events_by_request ON request_events (request_id, id);

CREATE TABLE attachments (
    id             INTEGER PRIMARY KEY,
    request_id     INTEGER NOT NULL REFERENCES requests (id),
    kind           TEXT    NOT NULL,
    file_id        TEXT    NOT NULL,
    file_unique_id TEXT,
    file_name      TEXT,
    mime_type      TEXT,
    file_size      INTEGER,
    uploaded_by    INTEGER,
    uploaded_at    TEXT    NOT NULL
);
CREATE INDEX attachments_by_request ON attachments (request_id);

-- Everything the bot owes a chat. A row is sent once and marked; failures are retried from here.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    chat_id      INTEGER NOT NULL,
    method       TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    document     BLOB,
    dedupe_key   TEXT    UNIQUE,
    status       TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    not_before   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    sent_at      TEXT,
    message_id   INTEGER,
    last_error   TEXT,
    -- after sending, remember the message id on this request (admin cards are edited later)
    request_id   INTEGER REFERENCES requests (id),
    purpose      TEXT
);
CREATE INDEX outbox_pending ON outbox (status, not_before, id);

CREATE TABLE reminders (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER REFERENCES requests (id),
    chat_id    INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    due_at     TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    status     TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fired', 'cancelled')),
    fired_at   TEXT,
    UNIQUE (request_id, kind)
);
CREATE INDEX reminders_pending ON reminders (status, due_at);

-- Updates already processed, so a redelivered update is not handled twice.
CREATE TABLE processed_updates (
    update_id    INTEGER PRIMARY KEY,
    processed_at TEXT NOT NULL
);

-- python-telegram-bot persistence.
CREATE TABLE ptb_conversations (
    name  TEXT NOT NULL,
    key   TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (name, key)
);
CREATE TABLE ptb_user_data (
    user_id INTEGER PRIMARY KEY,
    data    TEXT NOT NULL
);
CREATE TABLE ptb_chat_data (
    chat_id INTEGER PRIMARY KEY,
    data    TEXT NOT NULL
);
