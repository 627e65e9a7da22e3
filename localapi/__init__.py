"""A local Bot API server: Telegram's HTTP API on loopback, for tests and the playground."""
