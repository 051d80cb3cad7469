"""A person's data-protection rights on their page: **Everything we hold…** (a subject access
response, PDF and JSON, for coordinators and admins) and **Erase…** (admins). Both buttons are
shown only to roles the core's services let through, and both run in the background.
"""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from ncdesk.core.db import Database
from ncdesk.core.files import os_error
from ncdesk.core.services.data_protection import Erased, erase_person, subject_access
from ncdesk.core.services.people import PersonRecord, get_person
from ncdesk.core.services.settings import get_settings
from ncdesk.ui.admin.where_to_save import documents
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.permissions import allowed, hide_unless
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import PEOPLE
from ncdesk.ui.people.erase_dialog import EraseDialog
from ncdesk.ui.people.export_done import ExportDone


def export_everything(db: Database, ref: str, folder: Path) -> tuple[Path, Path]:
    """Everything held about `ref`, written into `folder` as JSON and PDF (audited). A folder
    that cannot be written to is found out first, so the trail records no export that never
    happened."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise os_error(exc, folder / ref) from exc
    held = subject_access(db, ref)
    # ReportLab: loaded on first use, not at start-up
    from ncdesk.core.reports.subject_access import write_subject_access

    return write_subject_access(held, folder, get_settings(db).organisation_name)


def erase_and_reread(db: Database, ref: str, person_id: int) -> tuple[Erased, PersonRecord]:
    done = erase_person(db, ref)
    return done, get_person(db, person_id)


class PersonRights(QWidget):
    """The two buttons; `said(text)` reports what happened, `erased(record)` the record as
    it is after erasure (to show in the form)."""

    said = Signal(str)
    erased = Signal(object)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._person: PersonRecord | None = None
        self._busy = False
        self.export_button = QPushButton(self.tr("Everything &we hold…"), self)
        self.export_button.setToolTip(
            self.tr("Write everything held about this person as a PDF and JSON (subject access)")
        )
        self.export_button.clicked.connect(lambda: self.export())
        # No Alt+letter: erasing is reached with Tab, never by a chord pressed by mistake.
        self.erase_button = QPushButton(self.tr("Erase…"), self)
        self.erase_button.setToolTip(
            self.tr("Erase what identifies this person; their activity stays for the figures")
        )
        self.erase_button.clicked.connect(lambda: self.erase())
        self.done_box: ExportDone | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.export_button)
        layout.addWidget(self.erase_button)
        self._may_export = allowed(ctx.db, subject_access)
        self._may_erase = allowed(ctx.db, erase_person)
        hide_unless(self._may_export, self.export_button)
        hide_unless(self._may_erase, self.erase_button)
        self.setVisible(self._may_export or self._may_erase)
        self.show_person(None)

    def show_person(self, person: PersonRecord | None) -> None:
        self._person = person
        self.export_button.setEnabled(person is not None and self._may_export and not self._busy)
        self.erase_button.setEnabled(
            person is not None and person.erased_at is None and self._may_erase and not self._busy
        )

    # --- subject access ---------------------------------------------------------------------

    def export(self) -> QFileDialog | None:
        """Ask for a folder, then write the two files there in the background."""
        person = self._person
        if person is None or not self._may_export:
            return None
        dialog = QFileDialog(
            self.window(),
            self.tr("Where should everything held about {ref} go?").format(ref=person.person_ref),
            str(documents()),
        )
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda chosen: self.export_to(Path(chosen)))
        dialog.open()
        return dialog

    def export_to(self, folder: Path) -> None:
        person = self._person
        if person is None:
            return
        db, ref = self._ctx.db, person.person_ref
        self._set_busy(True)
        emit(self.said, self.tr("Writing everything held about {ref}…").format(ref=ref))
        self._ctx.tasks.run_operation(
            lambda: export_everything(db, ref, folder), partial(self._exported, ref), self._failed
        )

    def _exported(self, ref: str, written: tuple[Path, Path]) -> None:
        self._set_busy(False)
        json_path, pdf_path = written
        folder = pdf_path.parent
        emit(self.said, self.tr("Written to {folder}.").format(folder=folder))
        box = ExportDone(ref, json_path, pdf_path, self.window())
        self.done_box = box
        box.open()

    # --- erasure ----------------------------------------------------------------------------

    def erase(self) -> EraseDialog | None:
        person = self._person
        if person is None or person.erased_at is not None or not self._may_erase:
            return None
        dialog = EraseDialog(person, self.window())
        dialog.accepted.connect(lambda: self._erase(person))
        dialog.open()
        return dialog

    def _erase(self, person: PersonRecord) -> None:
        db, ref, person_id = self._ctx.db, person.person_ref, person.id
        self._set_busy(True)
        emit(self.said, self.tr("Erasing {ref}…").format(ref=ref))
        self._ctx.tasks.run_operation(
            lambda: erase_and_reread(db, ref, person_id),
            self._erased,
            self._failed,
            changes=(PEOPLE,),
        )

    def _erased(self, result: tuple[Erased, PersonRecord]) -> None:
        self._set_busy(False)
        done, record = result
        emit(self.erased, record)
        emit(
            self.said,
            self.tr(
                "{old} is erased; the anonymous record that keeps the figures is {new}."
            ).format(old=done.old_ref, new=done.new_ref),
        )

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        emit(self.said, "")
        show_error(self.window(), error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.show_person(self._person)
