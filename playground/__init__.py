"""The offline playground: the real bot on a local Bot API server, with a messenger page in the browser."""
