"""The PySide6 desktop front end. Only presentation and wiring live here; data goes through
`ncdesk.core.services`."""
