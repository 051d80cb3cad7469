"""Admin ▸ Retention review: people with no contact for N years (the settings' number,
changeable here and saved), ticked one by one (Space) or all at once, the count shown before
anything happens, then archived, or erased after asking once. All in the background."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.db import Database
from ncdesk.core.services.data_protection import (
    Erased,
    Quiet,
    archive_people,
    erase_people,
    retention_review,
)
from ncdesk.core.services.settings import get_settings, save_settings
from ncdesk.ui.admin.retention_list import RetentionList
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import confirm, show_error
from ncdesk.ui.common.permissions import allowed, hide_unless
from ncdesk.ui.common.tasks import PEOPLE, SETTINGS
from ncdesk.ui.people.people_table import count_of_people

# Typing "10" passes through "1": the list waits for the typing to pause.
YEARS_PAUSE_MS = 600


@dataclass(frozen=True)
class Review:
    years: int
    people: list[Quiet]


def review(db: Database, years: int | None = None) -> Review:
    """The people quiet for `years` (None: the settings' number); a new number is saved."""
    settings = get_settings(db)
    if years is None:
        years = settings.retention_years
    elif years != settings.retention_years:
        save_settings(db, replace(settings, retention_years=years))
    return Review(years, retention_review(db, years))


class RetentionTab(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._loaded = False
        self._busy = False
        self.years = QSpinBox(self)
        self.years.setRange(1, 100)
        self.years.setSuffix(self.tr(" years"))
        self.years.setAccessibleName(self.tr("Years without contact"))
        self.years.setMinimumWidth(self.fontMetrics().averageCharWidth() * 14)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(YEARS_PAUSE_MS)
        self._pause.timeout.connect(self._years_changed)
        self.years.valueChanged.connect(lambda _n: self._pause.start())
        years_label = QLabel(self.tr("People with no &contact for:"), self)
        years_label.setBuddy(self.years)
        explain = QLabel(
            self.tr(
                "Contact is the latest of a visit, volunteering, a loan, a timebank exchange, "
                "being seen at the desk, or being registered. Tick the people to act on "
                "(Space), then archive them (hidden from searches and lists, nothing lost) or "
                "erase them (what identifies them goes; their activity stays for the figures)."
            ),
            self,
        )
        explain.setWordWrap(True)
        self.list = RetentionList(self)
        self.list.people.ticks_changed.connect(self._count)
        self.count = QLabel(self)
        self.count.setAccessibleName(self.tr("Ticked"))
        self.all_button = QPushButton(self.tr("Select &all"), self)
        self.all_button.clicked.connect(self.tick_all)
        self.archive_button = QPushButton(self.tr("A&rchive ticked"), self)
        self.archive_button.clicked.connect(self.archive_ticked)
        self.erase_button = QPushButton(self.tr("&Erase ticked…"), self)
        self.erase_button.clicked.connect(self.erase_ticked)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("What happened"))

        top = QHBoxLayout()
        top.addWidget(years_label)
        top.addWidget(self.years)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.erase_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(explain)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.years, self.list)
        QWidget.setTabOrder(self.list, self.all_button)
        QWidget.setTabOrder(self.all_button, self.archive_button)
        QWidget.setTabOrder(self.archive_button, self.erase_button)
        self._may_archive = allowed(ctx.db, archive_people)
        self._may_erase = allowed(ctx.db, erase_people)
        hide_unless(self._may_archive, self.archive_button)
        hide_unless(self._may_erase, self.erase_button)
        ctx.changes.changed.connect(self._data_changed)
        self._count()

    def activate(self) -> None:
        if not self._loaded:
            self.refresh()
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        self._loaded = True
        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: review(db), self._show)

    def is_listing(self) -> bool:
        return self._busy or self._pause.isActive()

    def ticked(self) -> list[int]:
        return sorted(self.list.people.ticked)

    # --- user actions -----------------------------------------------------------------------

    def tick_all(self) -> None:
        """Tick everyone listed, or untick everyone when all are ticked already."""
        model = self.list.people
        everyone = set(model.ids())
        model.tick(everyone, not everyone <= model.ticked)

    def archive_ticked(self) -> None:
        ids = self.ticked()
        if not ids or self._busy or not self._may_archive:
            return
        db = self._ctx.db
        self._start()
        self._ctx.tasks.run_operation(
            lambda: archive_people(db, ids),
            lambda changed: self._done(self._archived_words(len(ids), changed)),
            self._failed,
            changes=(PEOPLE,),
        )

    def erase_ticked(self) -> None:
        ids = self.ticked()
        if not ids or self._busy or not self._may_erase:
            return
        count, db = len(ids), self._ctx.db

        def erase() -> None:
            self._start()
            self._ctx.tasks.run_operation(
                lambda: erase_people(db, ids), self._erased, self._failed, changes=(PEOPLE,)
            )

        confirm(
            self,
            self.tr("Erase {people}?").format(people=count_of_people(count)),
            self.tr("Erase {people}").format(people=count_of_people(count)),
            erase,
            details=self.tr(
                "What identifies them goes: names, contact details, the full postcode, notes "
                "and every free-text note about them; their references become new E-numbers. "
                "Their activity stays, so the figures do not change. All of them are erased "
                "in one go, or none. This cannot be undone."
            ),
        )

    # --- inside -----------------------------------------------------------------------------

    def _years_changed(self) -> None:
        if not self._loaded:
            return
        db, years = self._ctx.db, self.years.value()
        self._busy = True
        self._ctx.tasks.run_operation(
            lambda: review(db, years), self._show, self._failed, changes=(SETTINGS,)
        )

    def _show(self, found: Review) -> None:
        self._busy = False
        if self.years.value() != found.years and not self._pause.isActive():
            self.years.blockSignals(True)
            self.years.setValue(found.years)
            self.years.blockSignals(False)
        self.list.people.show_people(found.people)
        if found.people and not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.list.people.index(0, 0))
        self._count()

    def _count(self) -> None:
        total, ticked = self.list.people.total(), len(self.list.people.ticked)
        if not total:
            text = self.tr("Nobody has gone without contact for that long.")
        else:
            text = self.tr("{ticked} of {total} ticked").format(ticked=ticked, total=total)
        self.count.setText(text)
        for button in (self.archive_button, self.erase_button):
            button.setEnabled(bool(ticked) and not self._busy)
        self.all_button.setEnabled(bool(total))

    def _start(self) -> None:
        self._busy = True
        self._count()

    def _done(self, text: str) -> None:
        self.feedback.setText(text)
        self.list.people.tick(set(self.list.people.ticked), False)
        self.refresh()

    def _archived_words(self, ticked: int, changed: int) -> str:
        text = self.tr("Archived {people}.").format(people=count_of_people(changed))
        if changed < ticked:
            text += " " + self.tr("The others were archived already.")
        return text

    def _erased(self, done: list[Erased]) -> None:
        refs = ", ".join(e.new_ref for e in done)
        self._done(
            self.tr("Erased {people}; their records are now {refs}.").format(
                people=count_of_people(len(done)), refs=refs
            )
        )

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self._count()
        show_error(self, error)

    def _data_changed(self, area: str) -> None:
        if area == PEOPLE and self._loaded and not self._busy:
            self.refresh()
