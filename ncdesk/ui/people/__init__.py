"""The People area: find, add, edit, archive and merge people."""
