"""Pure welfare-office rules: no telegram, no aiosqlite, no I/O."""
