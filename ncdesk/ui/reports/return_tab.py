"""A grant return on screen: choose a grant (or all activities) and a period, see every figure
with its target and progress, open the records behind any figure, and export the return as
PDF or XLSX. Every export keeps its figures, so the return can be shown again later exactly
as it was sent.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.db import Database
from ncdesk.core.reports.drilldown import Drilldown, can_drill, drill_down
from ncdesk.core.reports.grant_return import GrantReturn, build_return
from ncdesk.core.reports.metrics import Scope
from ncdesk.core.services.grants import GrantInfo, get_grant, list_grants, save_run
from ncdesk.core.services.settings import get_settings
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.progress import run_with_progress, stop_if
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import GRANTS, REPORTS, Cancelled, Progress
from ncdesk.ui.reports.charts_dialog import ChartsDialog
from ncdesk.ui.reports.drilldown_dialog import DrilldownDialog
from ncdesk.ui.reports.exporting import SaveFolder, ask_where_to_save, file_name, write_whole
from ncdesk.ui.reports.figures_table import FigureLine, FiguresView, figure_lines, figures_model
from ncdesk.ui.reports.return_picker import Choice, ReturnPicker
from ncdesk.ui.reports.words import period_text, tr


def count_return(db: Database, choice: Choice) -> GrantReturn:
    """The figures of a return as the screen and the exports show them (run in the background)."""
    grant = get_grant(db, choice.grant_id) if choice.grant_id is not None else None
    settings = get_settings(db)
    scope = Scope(choice.start, choice.end, grant)
    return build_return(db, scope, suppress_below=settings.suppress_below)


@dataclass(frozen=True)
class Exported:
    grant_return: GrantReturn
    path: Path


class ReturnTab(QWidget):
    """Opens with the cursor on the grant; Enter in the pickers shows the figures, Enter on a
    figure opens the records behind it."""

    figures_shown = Signal()
    records_opened = Signal(object)  # the DrilldownDialog
    exported = Signal(object)  # the Path written, once its run is saved

    def __init__(self, ctx: DeskContext, folder: SaveFolder, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._folder = folder
        self._loaded = False
        self._asked = 0  # number of the latest count asked for
        self._shown: GrantReturn | None = None
        self._fresh = False  # no records changed since the figures on screen were counted
        self._busy = False  # an export is running
        self._pending: Choice | None = None  # an earlier return to show once grants are in

        self.picker = ReturnPicker(self)
        self.picker.show_requested.connect(self.show_figures)

        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.model = figures_model(self)
        self.view = FiguresView(self.model, tr("Figures"), self)
        self.view.activated.connect(lambda _index: self.open_records())
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.records_button = QPushButton(tr("Records &behind this figure…"), self)
        self.records_button.setToolTip(
            tr("List the people, sessions or loans this figure counts (Enter or double-click)")
        )
        self.records_button.clicked.connect(self.open_records)
        self.charts_button = QPushButton(tr("&Charts…"), self)
        self.charts_button.setToolTip(tr("The return's charts, as the PDF prints them"))
        self.charts_button.clicked.connect(self.open_charts)
        self.charts_dialog: ChartsDialog | None = None
        self.pdf_button = QPushButton(tr("Export &PDF…"), self)
        self.pdf_button.setToolTip(tr("Save the return as a PDF to send to the funder"))
        self.pdf_button.clicked.connect(partial(self.export, ".pdf"))
        self.xlsx_button = QPushButton(tr("Export &XLSX…"), self)
        self.xlsx_button.setToolTip(tr("Save the return as an Excel workbook"))
        self.xlsx_button.clicked.connect(partial(self.export, ".xlsx"))
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(tr("What happened"))

        actions = QHBoxLayout()
        actions.addWidget(self.records_button)
        actions.addWidget(self.charts_button)
        actions.addStretch(1)
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.xlsx_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        layout.addLayout(actions)
        layout.addWidget(self.feedback)

        QWidget.setTabOrder(self.picker.show_button, self.view)
        QWidget.setTabOrder(self.view, self.records_button)
        QWidget.setTabOrder(self.records_button, self.charts_button)
        QWidget.setTabOrder(self.charts_button, self.pdf_button)
        QWidget.setTabOrder(self.pdf_button, self.xlsx_button)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.show_figures)
        ctx.changes.changed.connect(self._data_changed)
        self._show_return(None)

    # --- what the screen and tests use ------------------------------------------------------

    @property
    def shown_return(self) -> GrantReturn | None:
        """The return whose figures are on screen."""
        return self._shown

    def activate(self) -> None:
        if not self._loaded:
            self._loaded = True
            self._load_grants()
        if self._shown is None:
            self.picker.grant.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_again(self, grant_id: int | None, start: date, end: date) -> None:
        """Count a grant and period afresh (from an earlier return); waits for the list of
        grants when it is not in yet."""
        if grant_id is not None and not self.picker.has_grant(grant_id):
            self._pending = Choice(start, end, grant_id)
            self._loaded = True
            self._load_grants()
            return
        self.picker.choose(grant_id, start, end)
        self.show_figures()

    def show_figures(self) -> None:
        choice = self.picker.read_choice()
        if choice is None:
            return
        self._asked += 1
        number, db = self._asked, self._ctx.db
        self._say(tr("Counting the figures…"))
        self._ctx.tasks.run_query(
            lambda: count_return(db, choice),
            partial(self._counted, number=number),
            partial(self._count_failed, number=number),
        )

    def current_line(self) -> FigureLine | None:
        row = self.view.current_row()
        return self.model.record_at(row) if row is not None else None

    def open_records(self) -> None:
        line, shown = self.current_line(), self._shown
        if line is None or shown is None or not can_drill(line.metric_id):
            return
        db, scope = self._ctx.db, shown.scope
        self._say(tr("Finding the records behind “{figure}”…").format(figure=line.label))
        self._ctx.tasks.run_query(
            lambda: drill_down(db, scope, line.metric_id),
            partial(self._open_drilldown, line=line, grant_return=shown),
            self._failed,
        )

    def open_charts(self) -> ChartsDialog | None:
        """The charts of the return on screen, drawn as the PDF draws them."""
        if self._shown is None:
            return None
        dialog = ChartsDialog(self._ctx, self._shown, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.charts_dialog = dialog
        return dialog

    def export(self, suffix: str) -> None:
        """Ask where to save the return as PDF (`.pdf`) or XLSX (`.xlsx`), then write it."""
        if self._busy:
            return
        choice = self.picker.read_choice()
        if choice is None:
            return
        grant = self.picker.grant_info(choice.grant_id)
        name = file_name(
            tr("Grant return"),
            grant.code if grant else tr("all activities"),
            f"{choice.start:%Y-%m-%d}",
            tr("to"),
            f"{choice.end:%Y-%m-%d}",
        )
        title = tr("Save the return as PDF") if suffix == ".pdf" else tr("Save the return as XLSX")
        ask_where_to_save(
            self, title, self._folder, name + suffix, partial(self._write, choice=choice)
        )

    # --- inside: grants ---------------------------------------------------------------------

    def _load_grants(self) -> None:
        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: list_grants(db), self._grants_loaded)

    def _grants_loaded(self, grants: list[GrantInfo]) -> None:
        self.picker.set_grants(grants)
        pending, self._pending = self._pending, None
        if pending is not None and self.picker.has_grant(pending.grant_id or 0):
            self.show_again(pending.grant_id, pending.start, pending.end)

    # --- inside: figures --------------------------------------------------------------------

    def _counted(self, grant_return: GrantReturn, number: int) -> None:
        if number != self._asked:
            return  # an answer to an earlier choice
        self._show_return(grant_return)
        self._say("")
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        emit(self.figures_shown)

    def _count_failed(self, error: BaseException, number: int) -> None:
        if number == self._asked:
            self._failed(error)

    def _failed(self, error: BaseException) -> None:
        self._say("")
        show_error(self, error)

    def _show_return(self, r: GrantReturn | None) -> None:
        self._shown = r
        self._fresh = r is not None
        lines = figure_lines(r) if r else []
        self.model.set_rows(lines)
        self.view.reset_sort()
        self.view.select_first()
        has_figures = r is not None
        self.records_button.setEnabled(has_figures)
        self.charts_button.setEnabled(has_figures)
        if r is None:
            self.heading.setText(
                tr("Choose a grant and a period, then <b>Show figures</b> (Enter).")
            )
            self.note.setText("")
            return
        self.heading.setText(
            f"<b>{html.escape(r.title)}</b> \N{EM DASH} {period_text(r.scope.start, r.scope.end)}"
            f"<br>{html.escape(self._coverage(r))}"
        )
        self._show_note()

    def _coverage(self, r: GrantReturn) -> str:
        grant = r.scope.grant
        if grant is None:
            return tr("Counts every activity, the timebank and equipment loans.")
        parts = [
            ", ".join(grant.activity_names) if grant.activity_names else tr("no drop-in activity")
        ]
        if grant.covers_timebank:
            parts.append(tr("the timebank"))
        if grant.covers_loans:
            parts.append(tr("equipment loans"))
        return tr("Counts {parts}.").format(parts="; ".join(parts))

    def _show_note(self) -> None:
        r = self._shown
        notes = []
        if r is not None and r.suppress_below > 1:
            notes.append(
                tr(
                    "Counts from 1 to {top} are shown as <{below}, as on the printed return "
                    "(Settings). Open a figure to see its records."
                ).format(top=r.suppress_below - 1, below=r.suppress_below)
            )
        if r is not None and not self._fresh:
            notes.append(
                tr(
                    "\N{WARNING SIGN} Records have changed since these figures were counted: "
                    "Show figures again to bring them up to date."
                )
            )
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))

    def _open_drilldown(
        self, drill: Drilldown, line: FigureLine, grant_return: GrantReturn
    ) -> None:
        self._say("")
        context = (
            f"{grant_return.title}, {period_text(grant_return.scope.start, grant_return.scope.end)}"
        )
        dialog = DrilldownDialog(self._ctx, drill, line.shown, context, self._folder, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        emit(self.records_opened, dialog)

    # --- inside: exports --------------------------------------------------------------------

    def _write(self, path: Path, choice: Choice) -> None:
        # ReportLab and openpyxl: loaded on first use, not at start-up
        from ncdesk.core.reports.grant_return_pdf import write_grant_return_pdf
        from ncdesk.core.reports.grant_return_xlsx import write_grant_return_xlsx

        db = self._ctx.db
        reuse = (
            self._shown
            if self._shown and self._fresh and choice.matches(self._shown.scope)
            else None
        )
        is_pdf = path.suffix.lower() == ".pdf"
        writer = write_grant_return_pdf if is_pdf else write_grant_return_xlsx
        counting = tr("Counting the figures…")
        writing = tr("Writing the PDF…") if is_pdf else tr("Writing the workbook…")

        def work(progress: Progress, cancelled: Cancelled) -> Exported:
            progress(counting, 0, 3)
            r = reuse or count_return(db, choice)
            stop_if(cancelled)
            progress(writing, 1, 3)
            write_whole(path, lambda partial_path: writer(r, partial_path), cancelled)
            progress(writing, 3, 3)
            return Exported(r, path)

        self._set_busy(True)
        self._say(tr("Exporting…"))
        run_with_progress(
            self,
            self._ctx,
            counting,
            work,
            self._written,
            on_stopped=lambda: self._stopped(path),
            on_failed=self._not_written,
        )

    def _not_written(self) -> None:
        self._set_busy(False)
        self._say("")

    def _written(self, result: Exported) -> None:
        r = result.grant_return
        if r is not self._shown:
            self._show_return(r)
        scope = r.scope
        db = self._ctx.db
        self._ctx.tasks.run_operation(
            lambda: save_run(
                db,
                scope.grant.id if scope.grant else None,
                scope.start,
                scope.end,
                r.figures,
                str(result.path),
            ),
            lambda _run_id: self._run_saved(result.path),
            self._save_failed,
            changes=(REPORTS,),
        )

    def _run_saved(self, path: Path) -> None:
        self._set_busy(False)
        self._say(
            tr("Saved the return as {path}. Its figures are kept under Earlier returns.").format(
                path=path
            )
        )
        emit(self.exported, path)

    def _save_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._say("")
        show_error(self, error)

    def _stopped(self, path: Path) -> None:
        self._set_busy(False)
        self._say(tr("Export cancelled; {name} was not saved.").format(name=path.name))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.pdf_button.setEnabled(not busy)
        self.xlsx_button.setEnabled(not busy)

    def _say(self, text: str) -> None:
        self.feedback.setText(text)

    def _data_changed(self, area: str) -> None:
        if area == GRANTS and self._loaded:
            self._load_grants()
        if area != REPORTS and self._shown is not None and self._fresh:
            self._fresh = False
            self._show_note()
