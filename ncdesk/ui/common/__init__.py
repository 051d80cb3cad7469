"""Pieces every screen shares: the table-model base, the background runner, messages."""
