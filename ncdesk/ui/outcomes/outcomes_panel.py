"""A person's wellbeing and loneliness answers on their page: every answer with its date and
the question asked, whether the questions are due again, and the form to ask them now.
For coordinators and admins only (the core refuses anyone else the scores)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ncdesk.core.db import Database
from ncdesk.core.outcomes import BY_ID, MEASURES
from ncdesk.core.parsing import format_date
from ncdesk.core.services.outcomes import ScoreRow, outcomes_due_among, score_history
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.table_model import RIGHT, Column
from ncdesk.ui.common.tasks import OUTCOMES
from ncdesk.ui.outcomes.outcome_form import OutcomeForm, recorded_text
from ncdesk.ui.reports.lists import ListModel, ListView


@dataclass(frozen=True)
class Answers:
    rows: list[ScoreRow]
    due: bool
    last: date | None


def read_answers_of(db: Database, person_id: int) -> Answers:
    order = {m.id: i for i, m in enumerate(MEASURES)}
    # Newest first; within a sitting, in the order the form asks.
    rows = sorted(
        score_history(db, person_id),
        key=lambda r: (-r.day.toordinal(), order.get(r.measure, len(order))),
    )
    due = outcomes_due_among(db, [person_id]).get(person_id)
    return Answers(rows, due is not None, max((r.day for r in rows), default=None))


def answer_columns() -> list[Column[tuple[int, ScoreRow]]]:
    def label(r: ScoreRow) -> str:
        m = BY_ID.get(r.measure)
        return m.label if m else r.measure

    return [
        Column("Date", lambda x: format_date(x[1].day), sort_key=lambda x: x[1].day),
        Column("Measure", lambda x: label(x[1]), tooltip=lambda x: x[1].wording),
        Column("Answer", lambda x: str(x[1].score), sort_key=lambda x: x[1].score, alignment=RIGHT),
    ]


class OutcomesPanel(QWidget):
    """`said` carries plain text for the screen's feedback line once answers are saved."""

    said = Signal(str)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._person: tuple[int, str] | None = None
        self._asked = 0
        self.form: OutcomeForm | None = None
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName(self.tr("Wellbeing questions"))
        self.ask_button = QPushButton(self.tr("Ask the &questions…"), self)
        self.ask_button.setToolTip(self.tr("Record this person's answers to the questions"))
        self.ask_button.clicked.connect(self.open_form)
        self.model: ListModel[tuple[int, ScoreRow]] = ListModel(
            [
                Column(
                    self.tr(c.header),
                    c.value,
                    sort_key=c.sort_key,
                    alignment=c.alignment,
                    tooltip=c.tooltip,
                )
                for c in answer_columns()
            ],
            lambda x: x[0],
            parent=self,
        )
        self.view = ListView(self.model, self.tr("Answers given"), self)
        self.view.stretch(1)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.ask_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        ctx.changes.changed.connect(self._data_changed)
        self.show_person(None, "")

    def show_person(self, person_id: int | None, name: str) -> None:
        self._person = (person_id, name) if person_id is not None else None
        self._asked += 1
        self.model.set_rows([])
        self.ask_button.setEnabled(person_id is not None)
        if person_id is None:
            self.summary.setText(self.tr("Open someone to see their answers."))
            return
        number, db = self._asked, self._ctx.db
        self._ctx.tasks.run_query(
            lambda: read_answers_of(db, person_id), lambda a: self._loaded(a, number)
        )

    def open_form(self) -> OutcomeForm | None:
        if self._person is None:
            return None
        person_id, name = self._person
        form = OutcomeForm(self._ctx, person_id, name, self.window())
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(
            lambda count: emit(
                self.said,
                recorded_text(count, name),
            )
        )
        form.open()
        self.form = form
        return form

    def _loaded(self, answers: Answers, number: int) -> None:
        if number != self._asked or self._person is None:
            return
        self.model.set_rows(list(enumerate(answers.rows)))
        name = html.escape(self._person[1])
        if answers.last is None:
            text = self.tr("<b>Due:</b> {name} has not been asked the questions yet.")
        elif answers.due:
            text = self.tr("<b>Due:</b> last asked on {day}.")
        else:
            text = self.tr("Last asked on {day}; not due again yet.")
        self.summary.setText(
            text.format(name=name, day=format_date(answers.last) if answers.last else "")
        )

    def _data_changed(self, area: str) -> None:
        if area == OUTCOMES and self._person is not None:
            self.show_person(*self._person)
