-- The health-insurance booklet: the office's [booklet] section, who is covered under each employee, the
-- premium changes payroll is asked for, and the monthly list of those changes with payroll's decision.
-- Jalali months are 'YYYY-MM' strings; money is integer rials. The requests (services booklet,
-- booklet_first, booklet_member, booklet_cancel) carry the workflow status and the audit trail.

-- One row: the [booklet] section as given (JSON), parsed again by domain.booklet.parse_policy on use.
CREATE TABLE booklet_settings (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    section    TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

-- A person insured under an employee's booklet, from the first month of the premium until (not including)
-- the month it stops. category NULL is the employee themself.
CREATE TABLE booklet_coverage (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    national_id TEXT    NOT NULL,
    full_name   TEXT    NOT NULL,
    relation    TEXT    NOT NULL CHECK (relation IN ('self', 'spouse', 'child', 'parent')),
    category    TEXT,
    monthly     INTEGER NOT NULL CHECK (monthly >= 0),
    start_month TEXT    NOT NULL,
    end_month   TEXT,
    ended_by    INTEGER REFERENCES requests (id),
    UNIQUE (request_id, national_id)
);
CREATE INDEX booklet_coverage_by_employee ON booklet_coverage (employee_id, national_id);

-- A change of an employee's monthly deduction, from a Jalali month: positive starts, negative stops.
CREATE TABLE booklet_changes (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    national_id TEXT    NOT NULL,
    full_name   TEXT    NOT NULL,
    monthly     INTEGER NOT NULL,
    first_month TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    UNIQUE (request_id, national_id, first_month)
);
CREATE INDEX booklet_changes_by_month ON booklet_changes (first_month, id);

-- A month's list of changes for payroll: when it was announced, and payroll's decision.
CREATE TABLE booklet_lists (
    jalali_month TEXT PRIMARY KEY,
    announced_at TEXT,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'returned')),
    decided_by   INTEGER,
    decided_at   TEXT,
    note         TEXT
);
