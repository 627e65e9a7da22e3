-- The sending budget's ledger: each message sent to a group, so that a restarted bot still keeps a group's
-- 20 messages a minute. Times are unix seconds (REAL): the windows need sub-second precision, and only the
-- last minute or two is ever kept.
CREATE TABLE budget_sends (
    chat_id INTEGER NOT NULL,
    sent_at REAL    NOT NULL
);
CREATE INDEX budget_sends_at ON budget_sends (sent_at);
