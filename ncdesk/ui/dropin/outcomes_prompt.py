"""The desk's reminder to ask the wellbeing questions: under who is here, it says whether the
highlighted person is due (a first visit, never asked, or last asked longer ago than the
organisation's setting) and opens the question form for them (Alt+Q).

Shown only to roles the core lets record answers (DESIGN §9 keeps them from volunteers).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ncdesk.core.parsing import format_date
from ncdesk.core.services.desk import Attendee
from ncdesk.core.services.outcomes import Due, outcomes_due_among, record_scores
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.permissions import allowed
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.outcomes.outcome_form import OutcomeForm, recorded_text


class OutcomesPrompt(QFrame):
    """`said` carries plain text for the desk's feedback line once answers are saved;
    `form_closed` fires when the form closes (the cursor goes back to the check-in field)."""

    said = Signal(str)
    form_closed = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._attendees: list[Attendee] = []
        self._selected: Attendee | None = None
        self._due: dict[int, Due] = {}
        self._asked = 0
        self.form: OutcomeForm | None = None  # the form last opened (tests use it)
        self.permitted = allowed(ctx.db, record_scores)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAccessibleName(self.tr("Wellbeing questions"))
        self.button = QPushButton(self.tr("Wellbeing &questions…"), self)
        self.button.setToolTip(
            self.tr("Ask the highlighted person the wellbeing and loneliness questions (Alt+Q)")
        )
        self.button.clicked.connect(self.open_form)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        if not self.permitted:
            self.button.setEnabled(False)
        self.setVisible(False)

    def show_for(self, attendees: list[Attendee], selected: Attendee | None) -> None:
        """Who is here changed: find out who is due, then say so for the highlighted one."""
        if not self.permitted:
            return
        self._attendees, self._selected = attendees, selected
        if not attendees:
            self._due = {}
            self._say_for(None)
            return
        self._asked += 1
        number, db = self._asked, self._ctx.db
        ids = [a.person_id for a in attendees]
        self._ctx.tasks.run_query(
            lambda: outcomes_due_among(db, ids),
            lambda due: self._due_found(due, number),
            lambda _error: None,  # a reminder that cannot be worked out is left unsaid
        )

    def select(self, selected: Attendee | None) -> None:
        if self.permitted:
            self._selected = selected
            self._say_for(selected)

    def is_due(self, person_id: int) -> bool:
        return person_id in self._due

    def open_form(self) -> OutcomeForm | None:
        person = self._selected
        if not self.permitted or person is None:
            return None
        form = OutcomeForm(self._ctx, person.person_id, person.name, self.window())
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(
            lambda count: emit(
                self.said,
                recorded_text(count, person.name),
            )
        )
        form.finished.connect(lambda _result: emit(self.form_closed))
        form.open()
        self.form = form
        return form

    # --- inside -----------------------------------------------------------------------------

    def _due_found(self, due: dict[int, Due], number: int) -> None:
        if number != self._asked:
            return
        self._due = due
        self._say_for(self._selected)

    def _say_for(self, person: Attendee | None) -> None:
        self.setVisible(person is not None)
        if person is None:
            return
        name = html.escape(person.name)
        due = self._due.get(person.person_id)
        if due is None:
            text = self.tr("Wellbeing questions: not due for {name}.").format(name=name)
        elif due.last is None and person.first_visit:
            text = self.tr("<b>First visit:</b> ask {name} the wellbeing questions?").format(
                name=name
            )
        elif due.last is None:
            text = self.tr("<b>Wellbeing questions due:</b> {name} has not been asked yet.").format(
                name=name
            )
        else:
            text = self.tr(
                "<b>Wellbeing questions due:</b> {name} was last asked on {day}."
            ).format(name=name, day=format_date(due.last))
        self.text.setText(text)
