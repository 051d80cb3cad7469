"""Users, roles, the audit trail."""
