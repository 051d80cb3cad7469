"""The People screen: find someone as you type, see and edit their details, add someone new
(after seeing anyone they may already be), archive, merge two records of the same person,
review possible duplicates across the register, write everything held about someone, or
erase them (`person_rights`).

A volunteer sees no date of birth, ethnicity, disability or notes (not even as empty fields
or columns) and has no Archive, Merge, Everything we hold or Erase buttons: the core would
refuse them all (DESIGN §9).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.errors import ValidationError
from ncdesk.core.services.duplicates import possible_duplicates
from ncdesk.core.services.merge import merge_people
from ncdesk.core.services.outcomes import score_history
from ncdesk.core.services.people import (
    PersonRecord,
    PossibleDuplicate,
    add_person,
    get_person,
    set_archived,
    update_person,
)
from ncdesk.core.services.people_search import PersonSummary
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.core.services.person_view import sees_everything
from ncdesk.core.services.referrals import add_referral_source, referral_sources
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import confirm, show_error
from ncdesk.ui.common.permissions import allowed, drop_tab_unless, hide_unless
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import PEOPLE
from ncdesk.ui.dropin.history_panel import HistoryPanel
from ncdesk.ui.outcomes.outcomes_panel import OutcomesPanel
from ncdesk.ui.people.people_finder import PeopleFinder
from ncdesk.ui.people.person_form import PersonForm
from ncdesk.ui.people.person_rights import PersonRights

if TYPE_CHECKING:  # the dialogs load when first opened, not with the window (start-up speed)
    from ncdesk.ui.people.duplicates_review import DuplicatesReview


class _DetailPanel(QWidget):
    """The right-hand side; Enter anywhere in it saves, or presses the focused button."""

    enter_pressed = Signal()

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = QApplication.focusWidget()
            if isinstance(focused, QAbstractButton):
                focused.animateClick()
            else:
                emit(self.enter_pressed)
            return
        super().keyPressEvent(event)


class PeopleScreen(QWidget):
    """Everyone the organisation works with. Opens with the cursor in the search field."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._person: PersonRecord | None = None
        self._listed = False
        self._saving = False

        everything = sees_everything(ctx.db)
        self.finder = PeopleFinder(ctx, open_on_click=True, parent=self)
        self.finder.person_activated.connect(self.open_person)

        panel = _DetailPanel(self)
        panel.enter_pressed.connect(self.save)
        self.heading = QLabel(panel)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.new_button = QPushButton(self.tr("&New person"), panel)
        self.new_button.setToolTip(self.tr("Add someone new (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_person)
        self.duplicates_button = QPushButton(self.tr("Possible d&uplicates…"), panel)
        self.duplicates_button.setToolTip(
            self.tr("Pairs of records across the register that may be one person")
        )
        self.duplicates_button.clicked.connect(self.review_duplicates)
        self.duplicates_review: DuplicatesReview | None = None
        self.form = PersonForm(panel, everything=everything)
        scroll = QScrollArea(panel)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # The person page: details, and the history other areas keep about them.
        self.history = HistoryPanel(ctx, panel)
        self.pages = QTabWidget(panel)
        self.pages.addTab(scroll, self.tr("&Details"))
        self.pages.addTab(self.history, self.tr("Drop-in &visits"))
        self.outcomes = OutcomesPanel(ctx, panel)
        self.pages.addTab(self.outcomes, self.tr("&Outcomes"))
        self._sees_outcomes = allowed(ctx.db, score_history)
        drop_tab_unless(self._sees_outcomes, self.pages, self.outcomes)
        self.save_button = QPushButton(self.tr("&Save"), panel)
        self.save_button.setToolTip(self.tr("Save these details (Ctrl+S or Enter)"))
        self.save_button.clicked.connect(self.save)
        self.archive_button = QPushButton(self.tr("A&rchive…"), panel)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.merge_button = QPushButton(self.tr("&Merge with…"), panel)
        self.merge_button.setToolTip(self.tr("Fold another record of this person into this one"))
        self.merge_button.clicked.connect(self.choose_merge)
        self.rights = PersonRights(ctx, panel)
        self.rights.said.connect(self._say)
        self.outcomes.said.connect(self._say)
        self.rights.erased.connect(self._show)
        self.feedback = QLabel(panel)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("What happened"))

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.duplicates_button)
        top.addWidget(self.new_button)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.archive_button)
        actions.addWidget(self.merge_button)
        actions.addStretch(1)
        actions.addWidget(self.rights)
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(12, 0, 0, 0)
        panel_layout.addLayout(top)
        panel_layout.addWidget(self.pages, 1)
        panel_layout.addWidget(self.feedback)
        panel_layout.addLayout(actions)

        self._scroll = scroll
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._splitter = splitter
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.finder)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 460])  # the list gets the room; the form needs about 460
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        for keys, slot in (
            (QKeySequence.StandardKey.Save, self.save),
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_N), self.new_person),
            (QKeySequence.StandardKey.Find, self.finder.focus_search),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.form)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self._undo_typing)
        QWidget.setTabOrder(self.finder.view, self.duplicates_button)
        QWidget.setTabOrder(self.duplicates_button, self.new_button)
        QWidget.setTabOrder(self.new_button, self.form.inputs["first_name"])
        QWidget.setTabOrder(self.form.last_input(), self.save_button)
        QWidget.setTabOrder(self.save_button, self.archive_button)
        QWidget.setTabOrder(self.archive_button, self.merge_button)
        QWidget.setTabOrder(self.merge_button, self.rights.export_button)
        QWidget.setTabOrder(self.rights.export_button, self.rights.erase_button)

        self._may_archive = allowed(ctx.db, set_archived)
        self._may_merge = allowed(ctx.db, merge_people)
        hide_unless(self._may_archive, self.archive_button)
        hide_unless(self._may_merge, self.merge_button)
        hide_unless(allowed(ctx.db, possible_duplicates), self.duplicates_button)

        ctx.changes.changed.connect(self._data_changed)
        self._show(None)

    @property
    def title(self) -> str:
        return self.tr("People")

    @property
    def person(self) -> PersonRecord | None:
        """The person in the form (None while adding someone new)."""
        return self._person

    def activate(self) -> None:
        """Called when the screen comes into view: the cursor goes to the search field."""
        if not self._listed:
            self._listed = True
            self.finder.refresh()
            self._load_referral_sources()
        self.finder.focus_search()

    # --- user actions -----------------------------------------------------------------------

    def open_person(self, person_id: int) -> None:
        if self._person is not None and self._person.id == person_id:
            self.form.focus_first()
            return
        self._unless_unsaved(lambda: self._load(person_id))

    def new_person(self) -> None:
        def start() -> None:
            self._show(None)
            self.form.focus_first()

        self._unless_unsaved(start)

    def save(self) -> None:
        if self._saving:
            return
        details = self.form.read()
        if details is None:
            self._say(self.tr("Not saved: please fix what is marked below each field."))
            return
        db, person = self._ctx.db, self._person
        if person is None:
            self._run_save(lambda: add_person(db, details), details)
        else:
            self._run_save(lambda: update_person(db, person.id, details), details)

    def toggle_archived(self) -> None:
        person = self._person
        if person is None or not self._may_archive:
            return
        who = f"{person.display_name} ({person.person_ref})"
        if person.archived:
            question = self.tr("Bring back {who}?").format(who=who)
            details = self.tr("They will appear in searches and lists again.")
            action = self.tr("Bring back")
        else:
            question = self.tr("Archive {who}?").format(who=who)
            details = self.tr(
                "They will no longer appear in searches or lists. Nothing is deleted: tick "
                "'Show archived' to find them and bring them back."
            )
            action = self.tr("Archive")

        db = self._ctx.db

        def archive() -> None:
            self._ctx.tasks.run_operation(
                lambda: set_archived(db, person.id, not person.archived),
                self._archived,
                changes=(PEOPLE,),
            )

        confirm(self, question, action, archive, details=details)

    def review_duplicates(self) -> DuplicatesReview:
        """Possible duplicates across the whole register (for coordinators)."""
        from ncdesk.ui.people.duplicates_review import DuplicatesReview

        dialog = DuplicatesReview(self._ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.duplicates_review = dialog
        dialog.open()
        dialog.scan()
        return dialog

    def choose_merge(self) -> None:
        if self._person is None or not self._may_merge:
            return
        from ncdesk.ui.people.merge_dialog import MergeDialog

        dialog = MergeDialog(self._ctx, self._person, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self._confirm_merge)
        dialog.open()

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            QTimer.singleShot(0, self, self._fit_form)  # owned: never fires after a close
        super().changeEvent(event)

    # --- inside -----------------------------------------------------------------------------

    def _fit_form(self) -> None:
        """Give the form the width it needs at this text size, taking it from the list."""
        scrollbar = self._scroll.verticalScrollBar().sizeHint().width()
        needed = self.form.minimumSizeHint().width() + scrollbar + 16
        list_width, panel_width = self._splitter.sizes()
        if panel_width < needed:
            total = list_width + panel_width
            self._splitter.setSizes([max(total - needed, 240), needed])

    def _load(self, person_id: int) -> None:
        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: get_person(db, person_id), self._opened)

    def _opened(self, person: PersonRecord) -> None:
        came_from_search = self.finder.search.hasFocus()
        self._show(person)
        if came_from_search:  # Enter in the search field: on to the details
            self.form.focus_first()

    def _show(self, person: PersonRecord | None) -> None:
        self._person = person
        self.form.load(person)
        self.history.show_person(
            person.id if person else None,
            person.display_name if person else "",
            archived=bool(person and person.archived),
        )
        if self._sees_outcomes:
            self.outcomes.show_person(
                person.id if person else None, person.display_name if person else ""
            )
        if person is None:
            self.heading.setText("<b>{}</b>".format(self.tr("New person")))
        else:
            name = html.escape(person.display_name)
            if person.erased_at is not None:
                name += " — " + html.escape(person.person_ref)
            elif person.archived:
                name += " " + self.tr("(archived)")
            self.heading.setText(f"<b>{name}</b>")
            self.finder.select_person(person.id)
        self.rights.show_person(person)
        self.archive_button.setEnabled(person is not None and self._may_archive)
        self.merge_button.setEnabled(person is not None and self._may_merge)
        self.archive_button.setText(
            self.tr("Bring &back…") if person and person.archived else self.tr("A&rchive…")
        )
        self._say("")

    def _run_save(self, action: Callable[[], PersonRecord], details: PersonDetails) -> None:
        self._saving = True
        self.save_button.setEnabled(False)
        self._ctx.tasks.run_operation(
            action,
            self._saved,
            partial(self._save_failed, details=details),
            changes=(PEOPLE,),
        )

    def _saved(self, person: PersonRecord) -> None:
        self._end_saving()
        self._show(person)
        self._say(
            self.tr("Saved {name} ({ref}).").format(name=person.display_name, ref=person.person_ref)
        )

    def _save_failed(self, error: BaseException, details: PersonDetails) -> None:
        self._end_saving()
        if isinstance(error, PossibleDuplicate):
            self._say(self.tr("Not saved yet: they may already be registered."))
            self._show_likely_matches(error, details)
        elif isinstance(error, ValidationError):
            self.form.show_problems(error.problems)
            self._say(self.tr("Not saved: please fix what is marked below each field."))
        else:
            show_error(self, error)

    def _end_saving(self) -> None:
        self._saving = False
        self.save_button.setEnabled(True)

    def _show_likely_matches(self, error: PossibleDuplicate, details: PersonDetails) -> None:
        """Nothing is saved until the user says: "This is them" opens that record, "Someone
        new" saves, Esc goes back to the form."""
        from ncdesk.ui.people.likely_matches_dialog import LikelyMatchesDialog

        new_name = " ".join(x for x in (details.first_name, details.last_name) if x)
        dialog = LikelyMatchesDialog(
            error.matches,
            new_name or details.known_as,
            self,
            them_means=self.tr(
                "This is them opens the highlighted person's record (what you typed is not "
                "saved); Someone new saves {name} as a new person."
            ).format(name=new_name or details.known_as),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.this_is_them.connect(lambda person: self._load(person.id))
        db = self._ctx.db
        dialog.someone_new.connect(
            lambda: self._run_save(lambda: add_person(db, details, allow_duplicate=True), details)
        )
        dialog.rejected.connect(self.form.focus_first)
        dialog.open()

    def _archived(self, person: PersonRecord) -> None:
        self._show(person)
        if person.archived:
            self._say(self.tr("Archived {ref}.").format(ref=person.person_ref))
        else:
            self._say(self.tr("{ref} is back in searches and lists.").format(ref=person.person_ref))

    def _confirm_merge(self, other: PersonSummary) -> None:
        keep = self._person
        if keep is None:
            return
        question = self.tr("Merge {other} ({other_ref}) into {keep} ({keep_ref})?").format(
            other=other.name,
            other_ref=other.person_ref,
            keep=keep.display_name,
            keep_ref=keep.person_ref,
        )
        details = self.tr(
            "Everything recorded for {other_ref} moves to {keep_ref}, details missing from "
            "{keep_ref} are filled in from it, and {other_ref} is archived. This cannot be undone."
        ).format(other_ref=other.person_ref, keep_ref=keep.person_ref)

        db = self._ctx.db

        def merge() -> None:
            self._ctx.tasks.run_operation(
                lambda: merge_people(db, keep.id, other.id),
                partial(self._merged, other=other),
                changes=(PEOPLE,),
            )

        confirm(self, question, self.tr("Merge"), merge, details=details)

    def _merged(self, person: PersonRecord, other: PersonSummary) -> None:
        self._show(person)
        self._say(
            self.tr("{other_ref} was merged into {keep_ref}.").format(
                other_ref=other.person_ref, keep_ref=person.person_ref
            )
        )

    def _unless_unsaved(self, then: Callable[[], None]) -> None:
        """Run `then` at once, or after the user agrees to drop changes not yet saved."""
        if not self.form.is_changed():
            then()
            return
        who = self._person.display_name if self._person else self.tr("the new person")
        confirm(
            self,
            self.tr("Discard the changes to {who}?").format(who=who),
            self.tr("Discard changes"),
            then,
            details=self.tr("What you typed has not been saved."),
        )

    def _undo_typing(self) -> None:
        """Esc in the form: undo the typing in someone's details at once; a new person's
        form, which may hold a whole record's typing, asks first."""
        if QApplication.activeModalWidget() is not None:
            return  # Esc meant for a question on top, not for the form
        if not self.form.is_changed():
            return

        def revert() -> None:
            self.form.revert()
            self._say(self.tr("Changes undone."))
            self.form.focus_first()

        if self._person is None:
            self._unless_unsaved(revert)
        else:
            revert()

    def _say(self, text: str) -> None:
        self.feedback.setText(text)

    def _load_referral_sources(self) -> None:
        db, may_add = self._ctx.db, allowed(self._ctx.db, add_referral_source)
        self._ctx.tasks.run_query(
            lambda: [s.name for s in referral_sources(db)],
            lambda names: self.form.set_referral_sources(names, may_add=may_add),
        )

    def _data_changed(self, area: str) -> None:
        if area == PEOPLE and self._listed:
            self.finder.refresh()
            self._load_referral_sources()  # a new name typed on someone joins the list
