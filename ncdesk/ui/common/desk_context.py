"""What every screen is handed: the open database and the one background runner."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ncdesk.core.db import Database
from ncdesk.ui.common.tasks import DataChanged, TaskRunner


@dataclass(frozen=True)
class DeskContext:
    """Passed to screens instead of globals, so tests can build one around a temporary file."""

    db: Database
    tasks: TaskRunner

    @property
    def changes(self) -> DataChanged:
        return self.tasks.changes

    @property
    def database_label(self) -> str:
        """Where the data lives, for the status bar and About: a file path, or a server
        address with any password hidden."""
        if self.db.path is not None:
            return str(self.db.path)
        return re.sub(r"://([^:/@]+):[^@/]*@", r"://\1:***@", self.db.url)
