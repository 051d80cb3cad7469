"""Column mappings the import wizard remembers (DESIGN §5, import mapping).

Only headers and our column names are kept, never a cell of the file: a mapping holds no
personal data, so erasure, subject access and merging have nothing to do here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ncdesk.core.models.base import Base, UTCDateTime, utcnow


class ImportMapping(Base):
    """How one kind of file's headers are read: remembered for a file shape (the set of its
    normalised headers, hashed), or saved under a name (a preset, for any file of the kind)."""

    __tablename__ = "import_mapping"
    __table_args__ = (
        UniqueConstraint("shape", "kind"),
        UniqueConstraint("name", "kind"),
        CheckConstraint("(shape IS NULL) <> (name IS NULL)", name="shape_or_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    shape: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(100))
    # JSON: {normalised header: our column, or "" for a column left out}.
    columns: Mapped[str] = mapped_column(Text)
    saved_by: Mapped[str] = mapped_column(String(100))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
