"""ncdesk: desk software for small community groups."""

__version__ = "0.1.0"  # the one place: pyproject, the bundle and installers all read it
APP_ID = "org.ncdesk.ncdesk"  # the .desktop and AppStream id, and the macOS bundle id
