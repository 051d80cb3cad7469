"""An activity's details and schedule: every week, every other week, once a month on the Nth
weekday, or once. Only the questions that apply to the chosen schedule are shown."""

from __future__ import annotations

import re
from datetime import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.errors import FieldProblem, ValidationError
from ncdesk.core.parsing import ParseError, format_date, parse_date
from ncdesk.core.services.activities import (
    NTH_NAMES,
    WEEKDAYS,
    ActivityInfo,
    ActivityInput,
    save_activity,
)
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import InlineErrors, error_label
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import DROPIN

_CLOCK = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*$")


def parse_clock(text: str) -> time:
    """'10', '10:00', '9.30', '14:30' → a time of day."""
    match = _CLOCK.match(text)
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ParseError("not a time of day: use 10:00 or 14:30")


class ActivityDialog(QDialog):
    saved = Signal(object)  # ActivityInfo

    def __init__(
        self, ctx: DeskContext, activity: ActivityInfo | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._ctx = ctx
        self._activity = activity
        self._saving = False
        self.setWindowTitle(self.tr("New activity") if activity is None else self.tr("Activity"))
        self.errors = InlineErrors()
        self.inputs: dict[str, QWidget] = {}

        self.name = self._line("name")
        self.name.setPlaceholderText(self.tr("for example Touchpoint drop-in, Soham library"))
        self.venue = self._line("venue")
        self.schedule = QComboBox(self)
        for value, text in (
            ("weekly", self.tr("Every week")),
            ("fortnightly", self.tr("Every other week")),
            ("monthly", self.tr("Once a month")),
            ("one-off", self.tr("Once only")),
        ):
            self.schedule.addItem(text, value)
        self.inputs["schedule"] = self.schedule
        self.nth = QComboBox(self)
        for nth, word in NTH_NAMES.items():
            self.nth.addItem(self.tr(word.capitalize()), nth)
        self.inputs["nth"] = self.nth
        self.weekday = QComboBox(self)
        for weekday, day in enumerate(WEEKDAYS):
            self.weekday.addItem(self.tr(day), weekday)
        self.inputs["weekday"] = self.weekday
        self.starts_on = self._line("starts_on")
        self.starts_on.setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.ends_on = self._line("ends_on")
        self.ends_on.setPlaceholderText(self.tr("DD/MM/YYYY, if it stops"))
        self.start_time = self._line("start_time")
        self.start_time.setPlaceholderText("10:00")
        self.end_time = self._line("end_time")
        self.end_time.setPlaceholderText("12:00")
        for edit in (self.start_time, self.end_time):
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00:000") + 24)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)
        self.inputs["notes"] = self.notes

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._rows: dict[str, tuple[QLabel, QWidget]] = {}
        self._row(form, self.tr("&Name:"), "name")
        self._row(form, self.tr("V&enue:"), "venue")
        self._row(form, self.tr("How &often:"), "schedule")
        self._row(form, self.tr("&Which one:"), "nth")
        self._row(form, self.tr("&Day:"), "weekday")
        self._row(form, self.tr("&Starts on:"), "starts_on")
        self._row(form, self.tr("Ends o&n:"), "ends_on")
        times = QHBoxLayout()
        times.addWidget(self.start_time)
        to_label = QLabel(self.tr("&until"), self)
        to_label.setBuddy(self.end_time)
        times.addWidget(to_label)
        times.addWidget(self.end_time)
        times.addStretch(1)
        self._row(form, self.tr("&Times:"), "start_time", times, extra=("end_time",))
        self._row(form, self.tr("No&tes:"), "notes")
        self.schedule_hint = QLabel(self)
        self.schedule_hint.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.schedule_hint)
        layout.addWidget(self.buttons)
        self.schedule.currentIndexChanged.connect(self._show_schedule_fields)
        self._load(activity)
        self.resize(520, self.sizeHint().height())
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def read(self) -> ActivityInput | None:
        problems: list[FieldProblem] = []

        def parsed(name: str, edit: QLineEdit, parse):  # noqa: ANN001, ANN202
            text = edit.text().strip()
            if not text:
                return None
            try:
                return parse(text)
            except ParseError as exc:
                problems.append(FieldProblem(name, str(exc)))
                return None

        schedule = self.schedule.currentData()
        data = ActivityInput(
            name=self.name.text(),
            venue=self.venue.text(),
            schedule=schedule,
            weekday=self.weekday.currentData() if schedule != "one-off" else None,
            nth=self.nth.currentData() if schedule == "monthly" else None,
            starts_on=parsed("starts_on", self.starts_on, parse_date),
            ends_on=parsed("ends_on", self.ends_on, parse_date) if schedule != "one-off" else None,
            start_time=parsed("start_time", self.start_time, parse_clock),
            end_time=parsed("end_time", self.end_time, parse_clock),
            notes=self.notes.toPlainText(),
        )
        if problems:
            self.errors.show(problems)
            return None
        return data

    def problem(self, name: str) -> str:
        return self.errors.message(name)

    def save(self) -> None:
        if self._saving:
            return
        data = self.read()
        if data is None:
            return
        self._saving = True
        db, activity_id = self._ctx.db, self._activity.id if self._activity else None
        self._ctx.tasks.run_operation(
            lambda: save_activity(db, data, activity_id),
            self._saved,
            self._failed,
            changes=(DROPIN,),
        )

    # --- inside -----------------------------------------------------------------------------

    def _saved(self, info: ActivityInfo) -> None:
        self.accept()
        emit(self.saved, info)

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        if isinstance(error, ValidationError):
            self.errors.show(error.problems)
        else:
            show_error(self, error)

    def _load(self, a: ActivityInfo | None) -> None:
        if a is None:
            self.schedule.setCurrentIndex(0)
            self.start_time.setText("10:00")
            self.end_time.setText("12:00")
            self._show_schedule_fields()
            return
        self.name.setText(a.name)
        self.venue.setText(a.venue)
        self.schedule.setCurrentIndex(max(0, self.schedule.findData(a.schedule)))
        if a.weekday is not None:
            self.weekday.setCurrentIndex(a.weekday)
        self.nth.setCurrentIndex(max(0, self.nth.findData(a.nth)))
        self.starts_on.setText(format_date(a.starts_on))
        self.ends_on.setText(format_date(a.ends_on))
        self.start_time.setText(f"{a.start_time:%H:%M}" if a.start_time else "")
        self.end_time.setText(f"{a.end_time:%H:%M}" if a.end_time else "")
        self.notes.setPlainText(a.notes)
        self._show_schedule_fields()

    def _show_schedule_fields(self) -> None:
        schedule = self.schedule.currentData()
        shown = {
            "nth": schedule == "monthly",
            "weekday": schedule != "one-off",
            "ends_on": schedule != "one-off",
        }
        for name, visible in shown.items():
            label, field = self._rows[name]
            label.setVisible(visible)
            field.setVisible(visible)
        starts_label = self._rows["starts_on"][0]
        starts_label.setText(self.tr("&Date:") if schedule == "one-off" else self.tr("&Starts on:"))
        self.schedule_hint.setText(
            {
                "weekly": self.tr("Starts on can be left blank to start straight away."),
                "fortnightly": self.tr("Starts on is the date of the first session."),
                "monthly": self.tr("For example the second Wednesday of every month."),
                "one-off": self.tr("A single session on the date given."),
            }[schedule]
        )

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        self.inputs[name] = edit
        return edit

    def _row(
        self,
        form: QFormLayout,
        text: str,
        name: str,
        field: QHBoxLayout | None = None,
        extra: tuple[str, ...] = (),
    ) -> None:
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if field is None:
            column.addWidget(self.inputs[name])
        else:
            column.addLayout(field)
        for problem_of in (name, *extra):
            label = error_label(holder)
            column.addWidget(label)
            self.errors.add(problem_of, self.inputs[problem_of], label)
        title = QLabel(text, self)
        title.setBuddy(self.inputs[name])
        self.inputs[name].setAccessibleName(text.replace("&", "").rstrip(":"))
        form.addRow(title, holder)
        self._rows[name] = (title, holder)
