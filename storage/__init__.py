"""SQLite storage: connection and migrations, one repository per aggregate, PTB persistence, the outbox."""
