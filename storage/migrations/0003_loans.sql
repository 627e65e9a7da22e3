-- Welfare-fund loans: products and the fund's settings (from the office TOML), the monthly budgets, the loans
-- themselves once finally approved, their repayment schedules and the payroll deductions recorded.
-- Jalali months are 'YYYY-MM' strings. Money is integer rials. The request (service 'loan') carries the
-- workflow status and the audit trail, a loan row carries the money.

CREATE TABLE loan_products (
    id          INTEGER PRIMARY KEY,
    key         TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    min_amount  INTEGER NOT NULL CHECK (min_amount >= 1),
    max_amount  INTEGER NOT NULL CHECK (max_amount >= min_amount),
    instalments INTEGER NOT NULL CHECK (instalments BETWEEN 1 AND 120),
    fee_model   TEXT    NOT NULL CHECK (fee_model IN ('percent_upfront', 'fixed', 'declining_percent')),
    fee_value   INTEGER NOT NULL CHECK (fee_value >= 0),
    documents   TEXT    NOT NULL DEFAULT '[]',
    position    INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    updated_at  TEXT    NOT NULL
);

-- One row: the fund's rules and the bank its letters go to.
CREATE TABLE loan_fund (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    min_membership_months INTEGER NOT NULL CHECK (min_membership_months >= 0),
    monthly_budget        INTEGER NOT NULL CHECK (monthly_budget >= 0),
    bank_name             TEXT    NOT NULL,
    branch_name           TEXT    NOT NULL,
    updated_at            TEXT    NOT NULL
);

-- A month whose budget differs from the fund's usual monthly budget.
CREATE TABLE loan_budgets (
    jalali_month TEXT    PRIMARY KEY,
    amount       INTEGER NOT NULL CHECK (amount >= 0),
    updated_at   TEXT    NOT NULL
);

-- A finally approved loan: waiting for budget (queued), funded from a month's budget (bank letter issued),
-- paid out (disbursed, the schedule is live), settled, or cancelled while it waited.
CREATE TABLE loans (
    request_id   INTEGER PRIMARY KEY REFERENCES requests (id),
    employee_id  INTEGER NOT NULL REFERENCES employees (id),
    product_key  TEXT    NOT NULL,
    principal    INTEGER NOT NULL CHECK (principal > 0),
    instalments  INTEGER NOT NULL CHECK (instalments BETWEEN 1 AND 120),
    fee_model    TEXT    NOT NULL,
    fee_value    INTEGER NOT NULL CHECK (fee_value >= 0),
    fee          INTEGER NOT NULL CHECK (fee >= 0),
    state        TEXT    NOT NULL CHECK (state IN ('queued', 'funded', 'disbursed', 'settled', 'cancelled')),
    approved_at  TEXT    NOT NULL,
    budget_month TEXT,
    funded_at    TEXT,
    letter_no    TEXT,
    letter_pdf   BLOB,
    disbursed_at TEXT,
    disbursed_by INTEGER,
    first_due    TEXT,
    paid_count   INTEGER NOT NULL DEFAULT 0 CHECK (paid_count >= 0 AND paid_count <= instalments),
    settled_at   TEXT
);
CREATE INDEX loans_by_state ON loans (state, approved_at, request_id);
CREATE INDEX loans_by_budget_month ON loans (budget_month);

-- The repayment schedule, fixed when the loan is paid out.
CREATE TABLE loan_instalments (
    request_id     INTEGER NOT NULL REFERENCES loans (request_id),
    number         INTEGER NOT NULL CHECK (number >= 1),
    jalali_month   TEXT    NOT NULL,
    amount         INTEGER NOT NULL CHECK (amount >= 0),
    principal_part INTEGER NOT NULL,
    fee_part       INTEGER NOT NULL,
    PRIMARY KEY (request_id, number)
);

-- One payroll deduction: at most one per loan per month (recording twice changes nothing).
CREATE TABLE loan_deductions (
    request_id   INTEGER NOT NULL REFERENCES loans (request_id),
    jalali_month TEXT    NOT NULL,
    number       INTEGER NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount >= 0),
    recorded_at  TEXT    NOT NULL,
    recorded_by  INTEGER,
    PRIMARY KEY (request_id, jalali_month),
    UNIQUE (request_id, number)
);

-- A month's deduction list: when payroll was sent it and when it was recorded.
CREATE TABLE loan_deduction_runs (
    jalali_month TEXT PRIMARY KEY,
    announced_at TEXT,
    recorded_at  TEXT,
    recorded_by  INTEGER
);
