"""Every kind of import, registered by importing its module (the CLI and the GUI use this)."""

from ncdesk.core.io import (  # noqa: F401  (importing registers each kind)
    import_attendance,
    import_impact,
    import_loans,
    import_people,
    import_timebank,
)
from ncdesk.core.io.importing import (
    IMPORTERS,
    HowToRead,
    ImportCancelled,
    ImportRefused,
    ImportSummary,
    problem_text,
    run_import,
)

__all__ = [
    "IMPORTERS",
    "HowToRead",
    "ImportCancelled",
    "ImportRefused",
    "ImportSummary",
    "problem_text",
    "run_import",
]
