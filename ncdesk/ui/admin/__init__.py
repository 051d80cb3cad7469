"""The Admin area (admins only): users, the organisation's settings, the audit trail and
encryption."""
