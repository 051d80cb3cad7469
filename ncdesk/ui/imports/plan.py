"""What the wizard's steps settle between them: the kind, the file, where its table is, how
its columns are read, and what came of checking and importing. Plain data, no widgets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ncdesk.core.errors import FieldProblem
from ncdesk.core.io.column_mapping import ColumnMapping
from ncdesk.core.io.import_preview import FilePreview
from ncdesk.core.io.importing import HowToRead, ImportSummary
from ncdesk.core.io.tabular import Source
from ncdesk.core.services.import_mappings import SavedMapping


@dataclass
class ImportPlan:
    kind: str = "people"
    path: Path | None = None
    source: Source = Source()
    preview: FilePreview | None = None
    # The mapping kept for files of this shape, when there is one (offered first).
    remembered: SavedMapping | None = None
    presets: list[SavedMapping] = field(default_factory=list)
    mapping: ColumnMapping | None = None
    checked: ImportSummary | None = None  # the dry run, when nothing was wrong
    problems: list[FieldProblem] = field(default_factory=list)
    summary: ImportSummary | None = None

    def how(self) -> HowToRead:
        return HowToRead(mapping=self.mapping, source=self.source)
