"""A grant's details: who funds it, its code and period, the amount, which drop-in activities
it pays for, whether the timebank and the loan scheme count towards it, and the targets the
funder set, one figure at a time in the figures' own plain names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.errors import FieldProblem, ValidationError
from ncdesk.core.figures import families, headline, is_decimal, key
from ncdesk.core.models.people import GENDERS
from ncdesk.core.parsing import ParseError, format_date, parse_date, parse_pence
from ncdesk.core.services.activities import ActivityInfo
from ncdesk.core.services.grants import GrantInfo, GrantInput, save_grant
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import InlineErrors, error_label
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import GRANTS
from ncdesk.ui.reports.words import figure_label, money_text, target_text, tr

_ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
_DELETE_KEYS = {Qt.Key.Key_Delete, Qt.Key.Key_Backspace}


@dataclass(frozen=True)
class GrantChoices:
    """What the form offers, read before it opens: activities, referral types, funders."""

    activities: list[ActivityInfo]
    referral_types: list[str]
    funders: list[str]


def target_figures(referral_types: list[str]) -> list[tuple[str, str]]:
    """(metric id, plain name) of every figure a target can be set for, headline ones first."""
    recorded = {
        "reach.gender.": [key(g) for g in GENDERS] + ["unknown"],
        "referrals.by_type.": [key(name) for name in referral_types],
    }
    ids = [f.id for f in headline()]
    for family in families():
        ids += [family.id + value for value in family.values or recorded.get(family.id, ())]
    names = {key(g): g for g in GENDERS} | {key(name): name for name in referral_types}
    return [(metric_id, figure_label(metric_id, names)) for metric_id in ids]


class GrantDialog(QDialog):
    """New or existing grant. Enter saves, except in the target box, where it adds the
    target; Delete removes the highlighted target."""

    saved = Signal(object)  # GrantInfo

    def __init__(
        self,
        ctx: DeskContext,
        grant: GrantInfo | None,
        choices: GrantChoices,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._ctx = ctx
        self._grant = grant
        self._saving = False
        self._targets: dict[str, float] = dict(grant.targets) if grant else {}
        self._figures = dict(target_figures(choices.referral_types))
        for metric_id in self._targets:  # a target for a figure no longer offered stays
            self._figures.setdefault(metric_id, figure_label(metric_id))
        self.setWindowTitle(
            tr("New grant") if grant is None else tr("Grant {code}").format(code=grant.code)
        )
        self.errors = InlineErrors()

        self.funder = QLineEdit(self)
        self.funder.setPlaceholderText(tr("for example Cambridgeshire County Council"))
        completer = QCompleter(QStringListModel(choices.funders, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.funder.setCompleter(completer)
        self.code = QLineEdit(self)
        self.code.setPlaceholderText(tr("as the funder writes it, for example NC-2026-014"))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(tr("what the grant is for (optional)"))
        self.start = self._date_edit(tr("Starts"))
        self.end = self._date_edit(tr("Ends"))
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText("£0.00")
        self.amount.setMaximumWidth(self.amount.fontMetrics().horizontalAdvance("£000,000.00") + 24)
        self.activities = QListWidget(self)
        self.activities.setAccessibleName(tr("Drop-in activities it pays for"))
        self.activities.setToolTip(tr("Space ticks or unticks the highlighted activity"))
        chosen = set(grant.activity_ids) if grant else set()
        for activity in choices.activities:
            if activity.archived and activity.id not in chosen:
                continue
            text = activity.name + (tr(" (archived)") if activity.archived else "")
            item = QListWidgetItem(text, self.activities)
            item.setData(Qt.ItemDataRole.UserRole, activity.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if activity.id in chosen else Qt.CheckState.Unchecked
            )
        rows = max(3, min(6, self.activities.count()))
        row_height = max(self.activities.sizeHintForRow(0), self.fontMetrics().lineSpacing() + 4)
        self.activities.setFixedHeight(row_height * rows + 8)
        if not self.activities.count():
            self.activities.setToolTip(tr("No drop-in activities yet (add them under Drop-in)"))
        self.covers_timebank = QCheckBox(tr("Timebank e&xchanges count towards it"), self)
        self.covers_loans = QCheckBox(tr("Equipment &loans count towards it"), self)

        self.target_figure = QComboBox(self)
        self.target_figure.setAccessibleName(tr("Figure with a target"))
        for metric_id, label in self._figures.items():
            self.target_figure.addItem(label, metric_id)
        # Typing any part of a figure's name narrows the list ('65', 'food bank').
        self.target_figure.setEditable(True)
        self.target_figure.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        figure_completer = self.target_figure.completer()
        figure_line = self.target_figure.lineEdit()
        assert figure_completer is not None and figure_line is not None  # editable: it has both
        figure_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        figure_completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        figure_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        figure_line.setPlaceholderText(tr("type part of a figure's name"))
        figure_line.installEventFilter(self)
        self.target_figure.setCurrentIndex(-1)  # empty, showing what to type
        self.target_value = QLineEdit(self)
        self.target_value.setAccessibleName(tr("Target"))
        self.target_value.setPlaceholderText(tr("target"))
        self.target_value.setMaximumWidth(
            self.target_value.fontMetrics().horizontalAdvance("000,000.00") + 24
        )
        self.target_value.installEventFilter(self)
        self.add_target_button = QPushButton(tr("A&dd target"), self)
        self.add_target_button.setAutoDefault(False)
        self.add_target_button.clicked.connect(self.add_target)
        self.targets = QTreeWidget(self)
        self.targets.setRootIsDecorated(False)
        self.targets.setHeaderLabels([tr("Figure"), tr("Target")])
        self.targets.setAccessibleName(tr("Targets"))
        self.targets.installEventFilter(self)
        self.targets.currentItemChanged.connect(self._target_picked)
        self.remove_target_button = QPushButton(tr("&Remove target"), self)
        self.remove_target_button.setAutoDefault(False)
        self.remove_target_button.clicked.connect(self.remove_target)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._row(form, tr("F&under:"), "funder", self.funder)
        self._row(form, tr("&Code:"), "code", self.code)
        self._row(form, tr("&Name:"), "name", self.name)
        period = QHBoxLayout()
        period.addWidget(self.start)
        to_label = QLabel(tr("unt&il"), self)
        to_label.setBuddy(self.end)
        period.addWidget(to_label)
        period.addWidget(self.end)
        period.addStretch(1)
        period_errors = QHBoxLayout()
        start_error, end_error = error_label(self), error_label(self)
        period_errors.addWidget(start_error)
        period_errors.addWidget(end_error)
        self.errors.add("start", self.start, start_error)
        self.errors.add("end", self.end, end_error)
        period_label = QLabel(tr("&Period:"), self)
        period_label.setBuddy(self.start)
        form.addRow(period_label, period)
        form.addRow("", period_errors)
        self._row(form, tr("A&mount (£):"), "amount", self.amount)
        self._row(form, tr("Drop-in ac&tivities:"), "activities", self.activities)
        covers = QVBoxLayout()
        covers.addWidget(self.covers_timebank)
        covers.addWidget(self.covers_loans)
        form.addRow(tr("Also counts:"), covers)
        target_entry = QHBoxLayout()
        target_entry.addWidget(self.target_figure, 1)
        target_entry.addWidget(self.target_value)
        target_entry.addWidget(self.add_target_button)
        target_label = QLabel(tr("T&argets:"), self)
        target_label.setBuddy(self.target_figure)
        form.addRow(target_label, target_entry)
        target_list = QHBoxLayout()
        target_list.addWidget(self.targets, 1)
        target_list.addWidget(self.remove_target_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow("", target_list)
        targets_error = error_label(self)
        form.addRow("", targets_error)
        self.errors.add("targets", self.target_value, targets_error)
        self._row(form, tr("Not&es:"), "notes", self.notes)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._load(grant)
        self.resize(640, self.sizeHint().height())
        self.funder.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- what the grants tab and tests use --------------------------------------------------

    @property
    def target_ids(self) -> dict[str, float]:
        return dict(self._targets)

    def choose_target_figure(self, metric_id: str) -> None:
        self.target_figure.setCurrentIndex(self.target_figure.findData(metric_id))

    def typed_figure(self) -> str | None:
        """The figure named in the box: its exact name, or the only one containing the words
        typed; None when the words fit none or several."""
        typed = self.target_figure.currentText().strip().casefold()
        exact = [m for m, label in self._figures.items() if label.casefold() == typed]
        if exact:
            return exact[0]
        fits = [m for m, label in self._figures.items() if typed and typed in label.casefold()]
        return fits[0] if len(fits) == 1 else None

    def add_target(self) -> bool:
        """Add (or change) the target for the figure chosen; False with a reason if the
        number cannot be read."""
        text = self.target_value.text().strip().replace(",", "").lstrip("£")
        metric_id = self.typed_figure()
        if metric_id is None:
            self.errors.show(
                [FieldProblem("targets", tr("choose a figure from the list for the target"))]
            )
            self.target_figure.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        try:
            value = float(text)
            if value < 0 or value != value or value in (float("inf"), float("-inf")):
                raise ValueError
        except ValueError:
            self.errors.show([FieldProblem("targets", tr("a target is a number of 0 or more"))])
            return False
        if not is_decimal(metric_id) and value != int(value):
            self.errors.show(
                [FieldProblem("targets", tr("this figure is a count: give a whole number"))]
            )
            return False
        self.errors.clear()
        self._targets[metric_id] = value
        self._show_targets(metric_id)
        self.target_value.clear()
        self.target_figure.setCurrentIndex(-1)  # ready for the next one
        self.target_figure.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def remove_target(self) -> None:
        item = self.targets.currentItem()
        if item is None:
            return
        self._targets.pop(item.data(0, Qt.ItemDataRole.UserRole), None)
        self._show_targets()

    def read(self) -> GrantInput | None:
        problems: list[FieldProblem] = []
        if self.target_value.text().strip() and not self.add_target():
            return None  # a target typed but not added: add it, or say why not
        dates: dict[str, date] = {}
        for name, edit in (("start", self.start), ("end", self.end)):
            try:
                dates[name] = parse_date(edit.text())
            except ParseError as exc:
                problems.append(FieldProblem(name, str(exc)))
        amount = 0
        if self.amount.text().strip():
            try:
                amount = parse_pence(self.amount.text())
            except ParseError as exc:
                problems.append(FieldProblem("amount", str(exc)))
        if problems:
            self.errors.show(problems)
            return None
        activity_ids = tuple(
            self.activities.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.activities.count())
            if self.activities.item(i).checkState() == Qt.CheckState.Checked
        )
        return GrantInput(
            code=self.code.text(),
            funder=self.funder.text(),
            start=dates["start"],
            end=dates["end"],
            name=self.name.text(),
            amount_pence=amount,
            activity_ids=activity_ids,
            covers_timebank=self.covers_timebank.isChecked(),
            covers_loans=self.covers_loans.isChecked(),
            targets=dict(self._targets),
            notes=self.notes.toPlainText(),
        )

    def problem(self, name: str) -> str:
        return self.errors.message(name)

    def save(self) -> None:
        if self._saving:
            return
        data = self.read()
        if data is None:
            return
        self._saving = True
        db, grant_id = self._ctx.db, self._grant.id if self._grant else None
        self._ctx.tasks.run_operation(
            lambda: save_grant(db, data, grant_id), self._saved, self._failed, changes=(GRANTS,)
        )

    # --- inside -----------------------------------------------------------------------------

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if watched is self.target_value and event.key() in _ENTER_KEYS:
                self.add_target()
                return True
            if watched is self.target_figure.lineEdit() and event.key() in _ENTER_KEYS:
                metric_id = self.typed_figure()
                if metric_id is not None:  # on to the target for it
                    self.choose_target_figure(metric_id)
                    self.target_value.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
            if watched is self.targets and event.key() in _DELETE_KEYS:
                self.remove_target()
                return True
        return super().eventFilter(watched, event)

    def _date_edit(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(tr("DD/MM/YYYY"))
        edit.setAccessibleName(name)
        edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        return edit

    def _row(self, form: QFormLayout, text: str, name: str, widget: QWidget) -> None:
        label = QLabel(text, self)
        label.setBuddy(widget)
        if name in ("funder", "code", "amount"):
            error = error_label(self)
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(error)
            self.errors.add(name, widget, error)
            form.addRow(label, box)
        else:
            form.addRow(label, widget)

    def _load(self, g: GrantInfo | None) -> None:
        if g is None:
            self._show_targets()
            return
        self.funder.setText(g.funder)
        self.code.setText(g.code)
        self.name.setText(g.name)
        self.start.setText(format_date(g.start))
        self.end.setText(format_date(g.end))
        self.amount.setText(money_text(g.amount_pence) if g.amount_pence else "")
        self.covers_timebank.setChecked(g.covers_timebank)
        self.covers_loans.setChecked(g.covers_loans)
        self.notes.setPlainText(g.notes)
        self._show_targets()

    def _show_targets(self, current: str | None = None) -> None:
        self.targets.clear()
        order = list(self._figures)
        for metric_id in sorted(self._targets, key=lambda m: order.index(m)):
            item = QTreeWidgetItem(
                [self._figures[metric_id], target_text(metric_id, self._targets[metric_id])]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, metric_id)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.targets.addTopLevelItem(item)
            if metric_id == current:
                self.targets.setCurrentItem(item)
        self.targets.resizeColumnToContents(1)
        self.targets.setColumnWidth(0, max(300, self.targets.width() - 140))
        self.remove_target_button.setEnabled(bool(self._targets))

    def _target_picked(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.choose_target_figure(item.data(0, Qt.ItemDataRole.UserRole))

    def _saved(self, info: GrantInfo) -> None:
        self.accept()
        emit(self.saved, info)

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        if isinstance(error, ValidationError):
            self.errors.show(error.problems)
        else:
            show_error(self, error)
