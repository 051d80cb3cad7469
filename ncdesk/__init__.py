"""ncdesk: desk software for small community groups."""

__version__ = "0.1.0"
