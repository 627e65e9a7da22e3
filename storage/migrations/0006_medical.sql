-- Medical expense claims: the office's claim policy (the [medical] section of the office TOML), the claim
-- file numbers (one per insured person and Jalali year), each claim's person and totals, its expense lines,
-- which attachment documents which line, and the batches sent to the insurer's doctor and to accounting.
-- The request (service 'medical') carries the workflow status and the audit trail. Money is integer rials;
-- claimed, approved and paid amounts are kept apart.

-- One row: the [medical] section as written (JSON), parsed again by domain.medical.parse_policy.
CREATE TABLE med_policy (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    config     TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

-- One claim file per insured person (national ID) and Jalali year: 1404-00012.
CREATE TABLE med_files (
    year        INTEGER NOT NULL,
    person      TEXT    NOT NULL,
    sequence    INTEGER NOT NULL CHECK (sequence >= 1),
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    opened_at   TEXT    NOT NULL,
    PRIMARY KEY (year, person),
    UNIQUE (year, sequence)
);

CREATE TABLE med_batches (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('insurer', 'payment')),
    created_by INTEGER NOT NULL,
    created_at TEXT    NOT NULL,
    claims     INTEGER NOT NULL CHECK (claims >= 0),
    total      INTEGER NOT NULL CHECK (total >= 0),
    paid_by    INTEGER,
    paid_at    TEXT
);

CREATE TABLE med_claims (
    request_id     INTEGER PRIMARY KEY REFERENCES requests (id),
    employee_id    INTEGER NOT NULL REFERENCES employees (id),
    person         TEXT    NOT NULL,
    person_name    TEXT    NOT NULL,
    relation       TEXT    NOT NULL,
    file_year      INTEGER NOT NULL,
    file_sequence  INTEGER NOT NULL,
    claimed        INTEGER NOT NULL CHECK (claimed >= 1),
    approved       INTEGER CHECK (approved >= 0 AND approved <= claimed),
    paid           INTEGER NOT NULL DEFAULT 0 CHECK (paid >= 0),
    insurer_batch  INTEGER REFERENCES med_batches (id),
    payment_batch  INTEGER REFERENCES med_batches (id),
    CHECK (paid <= COALESCE(approved, 0)),
    FOREIGN KEY (file_year, person) REFERENCES med_files (year, person)
);
CREATE INDEX med_claims_by_person ON med_claims (person);

CREATE TABLE med_lines (
    request_id   INTEGER NOT NULL REFERENCES med_claims (request_id),
    line_no      INTEGER NOT NULL CHECK (line_no >= 1),
    kind         TEXT    NOT NULL,
    service_date TEXT    NOT NULL,
    claimed      INTEGER NOT NULL CHECK (claimed >= 1),
    approved     INTEGER CHECK (approved >= 0 AND approved <= claimed),
    reason       TEXT,
    PRIMARY KEY (request_id, line_no)
);

-- Which line (and which required paper) each attachment documents; answers to "more documents" have none.
CREATE TABLE med_documents (
    attachment_id INTEGER PRIMARY KEY REFERENCES attachments (id),
    request_id    INTEGER NOT NULL REFERENCES med_claims (request_id),
    line_no       INTEGER NOT NULL,
    document      TEXT    NOT NULL
);
