"""The import wizard and blank templates (File ▸ Import)."""
