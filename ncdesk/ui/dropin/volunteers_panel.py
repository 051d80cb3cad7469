"""Volunteers at the session with their hours (the length of the session unless changed),
and the session's note."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.errors import FieldProblem, ValidationError
from ncdesk.core.parsing import ParseError, format_minutes, parse_hours
from ncdesk.core.services.activities import set_session_details
from ncdesk.core.services.people_search import PersonSummary
from ncdesk.core.services.volunteers import Shift, record_volunteer, remove_volunteer
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import InlineErrors, error_label
from ncdesk.ui.common.messages import confirm, show_error
from ncdesk.ui.common.table_model import RIGHT, Column, RecordTableModel
from ncdesk.ui.common.tasks import DROPIN
from ncdesk.ui.dropin.desk_session import DeskSession
from ncdesk.ui.dropin.person_search import PersonSearch

COL_NAME, COL_REF, COL_HOURS, COL_ROLE = range(4)


class VolunteersPanel(QWidget):
    """Pick a volunteer, Enter, check the hours, Enter: they are on the session's list."""

    def __init__(
        self,
        ctx: DeskContext,
        session: Callable[[], DeskSession | None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._ctx = ctx
        self._session = session
        self._chosen: PersonSummary | None = None
        self._note_loaded = ""

        self.picker = PersonSearch(ctx, rows=3, collapse=True, parent=self)
        self.picker.set_placeholder(self.tr("Type a volunteer's name, then Enter"))
        self.picker.search.setAccessibleName(self.tr("Volunteer"))
        self.picker.person_chosen.connect(self._picked)
        picker_label = QLabel(self.tr("Vol&unteer:"), self)
        picker_label.setBuddy(self.picker.search)
        self.chosen_label = QLabel(self)
        self.hours = QLineEdit(self)
        self.hours.setAccessibleName(self.tr("Hours"))
        self.hours.setToolTip(self.tr("Hours as 2, 1.5, 1:30 or 90m"))
        self.hours.setMaximumWidth(self.hours.fontMetrics().horizontalAdvance("00:00m") + 24)
        self.hours.returnPressed.connect(self.record)
        hours_label = QLabel(self.tr("Hou&rs:"), self)
        hours_label.setBuddy(self.hours)
        self.role = QLineEdit(self)
        self.role.setPlaceholderText(self.tr("optional, e.g. welcome desk"))
        self.role.setAccessibleName(self.tr("Role"))
        self.role.returnPressed.connect(self.record)
        role_label = QLabel(self.tr("R&ole:"), self)
        role_label.setBuddy(self.role)
        self.record_button = QPushButton(self.tr("Record hours"), self)
        self.record_button.clicked.connect(self.record)
        self.errors = InlineErrors()
        hours_problem = error_label(self)
        self.errors.add("minutes", self.hours, hours_problem)

        self.model: RecordTableModel[Shift] = RecordTableModel(
            [
                Column(self.tr("Volunteer"), lambda s: s.name),
                Column(self.tr("Ref"), lambda s: s.person_ref),
                Column(
                    self.tr("Hours"),
                    lambda s: format_minutes(s.minutes),
                    sort_key=lambda s: s.minutes,
                    alignment=RIGHT,
                ),
                Column(self.tr("Role"), lambda s: s.role),
            ],
            lambda _ids: [],
            lambda s: s.id,
            parent=self,
        )
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        self.view.setAccessibleName(self.tr("Volunteers at this session"))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        self.view.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 30)
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.view)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)
        self.remove_button = QPushButton(self.tr("Remove…"), self)
        self.remove_button.setToolTip(
            self.tr("Take the chosen volunteer off this session (Delete)")
        )
        self.remove_button.clicked.connect(self.remove_selected)

        self.note = QLineEdit(self)
        self.note.setAccessibleName(self.tr("Session note"))
        self.note.setPlaceholderText(self.tr("Anything to remember about today's session"))
        self.note.returnPressed.connect(self.save_note)
        note_label = QLabel(self.tr("Session &note:"), self)
        note_label.setBuddy(self.note)
        self.save_note_button = QPushButton(self.tr("Save note"), self)
        self.save_note_button.setToolTip(self.tr("Save the session note (Enter or Ctrl+S)"))
        self.save_note_button.clicked.connect(self.save_note)
        save = QShortcut(QKeySequence.StandardKey.Save, self.note)
        save.setContext(Qt.ShortcutContext.WidgetShortcut)
        save.activated.connect(self.save_note)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)

        entry = QGridLayout()
        entry.addWidget(picker_label, 0, 0, Qt.AlignmentFlag.AlignTop)
        entry.addWidget(self.picker, 0, 1, 1, 6)
        entry.addWidget(self.chosen_label, 1, 1)
        entry.addWidget(hours_label, 1, 2)
        entry.addWidget(self.hours, 1, 3)
        entry.addWidget(role_label, 1, 4)
        entry.addWidget(self.role, 1, 5)
        entry.addWidget(hours_problem, 2, 1, 1, 5)
        entry.setColumnStretch(1, 1)
        entry.setColumnStretch(5, 1)
        entry.addWidget(self.record_button, 1, 6)
        list_row = QHBoxLayout()
        list_row.addWidget(self.view, 1)
        list_row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        note_row = QHBoxLayout()
        note_row.addWidget(note_label)
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.save_note_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(entry)
        layout.addLayout(list_row, 1)
        layout.addLayout(note_row)
        layout.addWidget(self.feedback)
        QWidget.setTabOrder(self.picker.search, self.hours)
        QWidget.setTabOrder(self.hours, self.role)
        QWidget.setTabOrder(self.role, self.record_button)
        QWidget.setTabOrder(self.record_button, self.remove_button)
        QWidget.setTabOrder(self.remove_button, self.view)
        QWidget.setTabOrder(self.view, self.note)
        QWidget.setTabOrder(self.note, self.save_note_button)
        self._show_chosen()

    # --- what the Today screen uses ---------------------------------------------------------

    def show_session(self, session: DeskSession | None, shifts: list[Shift], *, new: bool) -> None:
        """Show the session's volunteers; the note is reloaded only for a different session
        (or when untouched), so a refresh never throws away a note being typed."""
        self.model.set_ids([s.id for s in shifts], shifts)
        if session is None:
            return
        self.hours.setPlaceholderText(self.default_hours())  # what a blank means
        note = session.info.note
        if new or self.note.text() == self._note_loaded:
            self.note.setText(note)
            self._note_loaded = note
        if new:
            self._chosen = None
            self.picker.clear()
            self.errors.clear()
            self.feedback.clear()
            self._show_chosen()

    def default_hours(self) -> str:
        session = self._session()
        minutes = session.info.minutes if session else None
        return format_minutes(minutes) if minutes else ""

    # --- user actions -----------------------------------------------------------------------

    def record(self) -> None:
        session, person = self._session(), self._chosen
        if session is None:
            return
        if person is None:
            self.feedback.setText(self.tr("Choose the volunteer first: type their name above."))
            self.picker.focus()
            return
        try:
            minutes = parse_hours(self.hours.text()) if self.hours.text().strip() else None
        except ParseError as exc:
            self.errors.show([FieldProblem("minutes", str(exc))])
            return
        self.errors.clear()
        role, db = self.role.text(), self._ctx.db

        def work() -> Shift:
            return record_volunteer(db, session.open(), person.id, minutes, role)

        self._ctx.tasks.run_operation(work, self._recorded, self._record_failed, changes=(DROPIN,))

    def remove_selected(self) -> None:
        index = self.view.currentIndex()
        shift = self.model.record_at(index.row()) if index.isValid() else None
        if shift is None:
            return
        db = self._ctx.db

        def remove() -> None:
            self._ctx.tasks.run_operation(
                lambda: remove_volunteer(db, shift.id),
                lambda _r: self.feedback.setText(
                    self.tr("{name} is no longer listed as a volunteer.").format(name=shift.name)
                ),
                changes=(DROPIN,),
            )

        confirm(
            self,
            self.tr("Take {name} off the volunteers for this session?").format(name=shift.name),
            self.tr("Remove"),
            remove,
        )

    def save_note(self) -> None:
        session = self._session()
        if session is None:
            return
        text, db = self.note.text(), self._ctx.db

        def work() -> str:
            set_session_details(db, session.open(), note=text)
            return text

        self._ctx.tasks.run_operation(work, self._note_saved, changes=(DROPIN,))

    # --- inside -----------------------------------------------------------------------------

    def _picked(self, person: PersonSummary) -> None:
        self._chosen = person
        self._show_chosen()
        self.hours.setText(self.default_hours())
        self.role.clear()
        self.hours.setFocus(Qt.FocusReason.OtherFocusReason)
        self.hours.selectAll()

    def _show_chosen(self) -> None:
        person = self._chosen
        self.chosen_label.setText("" if person is None else f"<b>{html.escape(person.name)}</b>")
        self.record_button.setEnabled(person is not None)

    def _recorded(self, shift: Shift) -> None:
        self.feedback.setText(
            self.tr("Recorded {hours} hours for {name}.").format(
                hours=format_minutes(shift.minutes), name=shift.name
            )
        )
        self._chosen = None
        self._show_chosen()
        self.hours.clear()
        self.role.clear()
        self.picker.clear()
        self.picker.focus()

    def _record_failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.errors.show(error.problems)
        else:
            show_error(self, error)

    def _note_saved(self, text: str) -> None:
        self._note_loaded = text
        self.feedback.setText(self.tr("Session note saved."))
