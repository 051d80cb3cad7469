"""The wellbeing and loneliness questions for one person on one date: the ONS4 personal
wellbeing questions, the three-item UCLA loneliness scale and the ONS direct loneliness
question, each asked in the words the core stores with the answer.

A blank answer is a question not asked. An answer off its scale is refused beside its
question by the core's own reading of the answers, and nothing is written until every answer
reads correctly.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.errors import FieldProblem, ValidationError
from ncdesk.core.outcomes import MEASURES, Measure
from ncdesk.core.parsing import ParseError, format_date, parse_date, today
from ncdesk.core.services.outcomes import ScoreRow, read_answers, record_scores, score_history
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import InlineErrors, error_label
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import OUTCOMES, PEOPLE

GROUPS = (
    ("wellbeing", "Personal wellbeing (ONS4)"),
    ("loneliness", "Loneliness"),
)


def recorded_text(count: int, name: str) -> str:
    """What the screen says once answers are saved."""
    if count == 1:
        return _tr("Recorded 1 wellbeing answer for {name}.").format(name=name)
    return _tr("Recorded {count} wellbeing answers for {name}.").format(count=count, name=name)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Outcomes", text)


class OutcomeForm(QDialog):
    """Tab moves to the next answer; Enter (or Save) records; Esc closes unsaved.
    `saved` carries how many answers were recorded."""

    saved = Signal(int)

    def __init__(self, ctx: DeskContext, person_id: int, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.person_id = person_id
        self.setWindowTitle(self.tr("Wellbeing questions — {name}").format(name=name))
        self.errors = InlineErrors()
        self.answers: dict[str, QLineEdit] = {}

        intro = QLabel(
            self.tr(
                "Ask <b>{name}</b> the questions in these words and type each answer as a "
                "number. Leave an answer blank if it was not asked or they would rather not "
                "say."
            ).format(name=name),
            self,
        )
        intro.setWordWrap(True)
        self.last_asked = QLabel(self)
        self.last_asked.setWordWrap(True)
        self.last_asked.setAccessibleName(self.tr("Answers before"))
        self.day = QLineEdit(format_date(today()), self)
        self.day.setAccessibleName(self.tr("Date asked"))
        self.general = error_label(self)
        self.errors.add("score", self.day, self.general)
        day_form = QFormLayout()
        day_label = QLabel(self.tr("&Date asked:"), self)
        day_label.setBuddy(self.day)
        day_error = error_label(self)
        self.errors.add("date", self.day, day_error)
        day_column = QVBoxLayout()
        day_column.addWidget(self.day)
        day_column.addWidget(day_error)
        day_form.addRow(day_label, day_column)

        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        for group, title in GROUPS:
            box = QGroupBox(self.tr(title), page)
            form = QVBoxLayout(box)
            for i, m in enumerate(m for m in MEASURES if m.group == group):
                if i:
                    form.addSpacing(box.fontMetrics().lineSpacing() // 2)
                self._add_question(form, m, box)
            page_layout.addWidget(box)
        page_layout.addStretch(1)  # spare height below the questions, not between them
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.last_asked)
        layout.addLayout(day_form)
        layout.addWidget(self.general)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 720)
        first = self.answers[MEASURES[0].id]
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        self._load_history()

    def answer(self, measure_id: str) -> QLineEdit:
        return self.answers[measure_id]

    def save(self) -> None:
        """Read the answers as the core does; record them only when all read correctly."""
        problems: list[FieldProblem] = []
        try:
            day: date | None = parse_date(self.day.text().strip())
        except ParseError as error:
            day = None
            problems.append(FieldProblem("date", str(error)))
        scores, found = read_answers({m: field.text() for m, field in self.answers.items()})
        problems += found
        if problems or day is None:
            self.errors.show(problems)
            return
        self.errors.clear()
        db, person_id = self._ctx.db, self.person_id
        self.buttons.setEnabled(False)
        self._ctx.tasks.run_operation(
            lambda: record_scores(db, person_id, day, scores),
            self._saved,
            self._refused,
            changes=(OUTCOMES, PEOPLE),
        )

    # --- inside -----------------------------------------------------------------------------

    def _add_question(self, form: QVBoxLayout, m: Measure, parent: QWidget) -> None:
        question = QLabel(m.question, parent)  # exactly the words stored with each answer
        question.setWordWrap(True)
        question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = question.font()
        font.setBold(True)
        question.setFont(font)
        scale = QLabel(m.scale_note, parent)
        scale.setWordWrap(True)
        field = QLineEdit(parent)
        field.setMaxLength(3)
        field.setPlaceholderText(self.tr("{low} to {high}").format(low=m.low, high=m.high))
        field.setAccessibleName(m.label)
        field.setAccessibleDescription(m.question)
        field.setMaximumWidth(field.fontMetrics().averageCharWidth() * 12)
        problem = error_label(parent)
        self.errors.add(m.id, field, problem)
        self.answers[m.id] = field
        row = QFormLayout()
        label = QLabel(self.tr("{label}:").format(label=m.label), parent)
        label.setBuddy(field)
        row.addRow(label, field)
        form.setSpacing(2)
        form.addWidget(question)
        form.addWidget(scale)
        form.addLayout(row)
        form.addWidget(problem)

    def _load_history(self) -> None:
        db, person_id = self._ctx.db, self.person_id
        self._ctx.tasks.run_query(
            lambda: score_history(db, person_id), self._show_history, lambda _e: None
        )

    def _show_history(self, rows: list[ScoreRow]) -> None:
        if not rows:
            self.last_asked.setText(self.tr("Not asked before: this is their first time."))
            return
        last = max(r.day for r in rows)
        given = {r.measure: r.score for r in rows if r.day == last}
        answers = ", ".join(f"{m.label} {given[m.id]}" for m in MEASURES if m.id in given)
        self.last_asked.setText(
            self.tr("Last asked on {day}: {answers}.").format(
                day=format_date(last), answers=answers
            )
        )

    def _saved(self, count: int) -> None:
        emit(self.saved, count)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ValidationError):
            self.errors.show(error.problems)
        else:
            show_error(self, error)
