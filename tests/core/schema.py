"""What the tests learn from the models' metadata."""

from __future__ import annotations

from ncdesk.core.models import Base


def person_keys() -> set[str]:
    """Every 'table.column' in the models that refers to a person: each must be merged,
    exported and erased (the registries' tests compare against this)."""
    return {
        f"{table.name}.{fk.parent.name}"
        for table in Base.metadata.tables.values()
        for fk in table.foreign_keys
        if fk.column.table.name == "person"
    }
