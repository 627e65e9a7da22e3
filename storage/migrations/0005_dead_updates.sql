-- Updates the bot could not parse (kept for a person to look at, and confirmed so they are not fetched again),
-- and the last update each bot confirmed, so a restarted bot asks for the next one.

CREATE TABLE dead_updates (
    id          INTEGER PRIMARY KEY,
    update_id   INTEGER NOT NULL,
    raw         TEXT    NOT NULL,
    error       TEXT    NOT NULL,
    received_at TEXT    NOT NULL
);
CREATE INDEX dead_updates_by_update ON dead_updates (update_id);

-- One row per bot (a token change or a move between Telegram and Bale starts a new sequence of update ids).
CREATE TABLE polling_offsets (
    bot_id         INTEGER PRIMARY KEY,
    last_update_id INTEGER NOT NULL,
    confirmed_at   TEXT    NOT NULL
);
