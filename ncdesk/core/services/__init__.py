"""Use cases: one function per user action, each one transaction, returning plain data."""
