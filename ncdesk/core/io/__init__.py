"""Files in and out: imports, exports, backups."""
