"""Organisation-wide administration: settings (users and backups come later)."""
