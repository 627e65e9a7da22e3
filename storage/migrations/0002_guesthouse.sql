-- Guesthouses and pilgrim houses (from the office TOML), their rooms, and the room nights bookings hold.
-- A booking is a request (service 'guesthouse'): the request carries the status and the audit trail, its
-- payload the stay (house, check-in day, guests, fee, room). Days are ISO 'YYYY-MM-DD' (Gregorian, shown in
-- Jalali), times of day 'HH:MM' in the office's zone. Money is integer rials.

CREATE TABLE guesthouses (
    key               TEXT    PRIMARY KEY,
    name              TEXT    NOT NULL,
    city              TEXT    NOT NULL,
    kind              TEXT    NOT NULL CHECK (kind IN ('pilgrim', 'official')),
    nights            INTEGER NOT NULL CHECK (nights BETWEEN 1 AND 30),
    check_in_time     TEXT    NOT NULL,
    check_out_time    TEXT    NOT NULL,
    horizon_days      INTEGER NOT NULL CHECK (horizon_days BETWEEN 1 AND 366),
    hold_hours        INTEGER NOT NULL CHECK (hold_hours >= 1),
    stays_per_year    INTEGER NOT NULL CHECK (stays_per_year >= 0),
    first_timers_days INTEGER NOT NULL CHECK (first_timers_days >= 0),
    -- nightly price by number of guests, JSON: {"1": rials, "2": rials}
    prices            TEXT    NOT NULL,
    -- closed days, JSON list of ISO days
    closed            TEXT    NOT NULL DEFAULT '[]',
    account           TEXT    NOT NULL,
    operator_id       INTEGER,
    position          INTEGER NOT NULL DEFAULT 0,
    active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    updated_at        TEXT    NOT NULL
);

CREATE TABLE guesthouse_rooms (
    id         INTEGER PRIMARY KEY,
    guesthouse TEXT    NOT NULL REFERENCES guesthouses (key),
    label      TEXT    NOT NULL,
    capacity   INTEGER NOT NULL CHECK (capacity >= 1),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (guesthouse, label)
);

-- One row per room and night a booking holds: the primary key makes overbooking impossible, whatever the code.
CREATE TABLE guesthouse_nights (
    room_id    INTEGER NOT NULL REFERENCES guesthouse_rooms (id),
    night      TEXT    NOT NULL,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    PRIMARY KEY (room_id, night)
);
CREATE INDEX guesthouse_nights_by_request ON guesthouse_nights (request_id);
