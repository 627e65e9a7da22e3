"""Use cases: one function per user or clerk action. Imports no telegram."""
