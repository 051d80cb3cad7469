"""The window's side of automatic backups: every few hours while it runs and once as it
closes, with a warning line when the backup folder is not there."""
