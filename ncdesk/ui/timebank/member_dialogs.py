"""Dialogs of the Members tab: a person joins, an organisation is added, an offer or request is
listed, and the skill categories are kept up to date."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.errors import FieldProblem, ValidationError
from ncdesk.core.parsing import ParseError, today
from ncdesk.core.services.skills import (
    Category,
    ListingInfo,
    add_category,
    add_listing,
    categories,
    set_category_archived,
)
from ncdesk.core.services.timebank_accounts import AccountInfo, add_organisation, join_member
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import InlineErrors, error_label
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.tasks import TIMEBANK
from ncdesk.ui.people.people_finder import PeopleFinder
from ncdesk.ui.timebank.entry_dialog import EntryDialog, Problems
from ncdesk.ui.timebank.member_directory import MemberDirectory
from ncdesk.ui.timebank.views import DateField
from ncdesk.ui.timebank.words import read_signed_hours, tr


def read_limits(
    low_text: str, high_text: str, problems: list[FieldProblem]
) -> tuple[int | None, int | None]:
    """Balance warning limits typed as hours ('-10', '-10:00'); blank means none."""
    values: list[int | None] = []
    for name, text in (("limit_low", low_text), ("limit_high", high_text)):
        try:
            values.append(read_signed_hours(text))
        except ParseError as exc:
            problems.append(FieldProblem(name, str(exc)))
            values.append(None)
    return values[0], values[1]


def limit_fields(parent: QWidget) -> tuple[QLineEdit, QLineEdit]:
    low, high = QLineEdit(parent), QLineEdit(parent)
    low.setPlaceholderText(tr("no limit (e.g. -10:00)"))
    high.setPlaceholderText(tr("no limit (e.g. 40:00)"))
    return low, high


class JoinDialog(EntryDialog):
    """Someone already in the register joins the timebank. `saved` carries their AccountInfo."""

    def __init__(self, ctx: DeskContext, directory: MemberDirectory, parent: QWidget | None = None):
        super().__init__(ctx, directory, self.tr("Join the timebank"), self.tr("&Join"), parent)
        self.intro.setText(
            self.tr(
                "Find the person in the register (add them on the People screen first if they "
                "are new), then say when they joined."
            )
        )
        self.intro.show()
        members = {a.person_id for a in directory.accounts if a.person_id}
        self.finder = PeopleFinder(ctx, exclude=lambda: members, parent=self)
        self.joined = DateField(today(), self)
        self.finder.person_activated.connect(lambda _id: self.joined.setFocus())
        self.limit_low, self.limit_high = limit_fields(self)
        self.add_row(self.tr("&Person:"), "person", self.finder)
        self.add_row(self.tr("Joined &on:"), "joined", self.joined)
        self.add_row(self.tr("Warn belo&w:"), "limit_low", self.limit_low)
        self.add_row(self.tr("Warn abo&ve:"), "limit_high", self.limit_high)
        self.resize(720, 620)
        self.finder.refresh()
        self.finder.focus_search()

    @override
    def work(self) -> Callable[[], AccountInfo]:
        problems: list[FieldProblem] = []
        person = self.finder.current_person()
        if person is None:
            problems.append(
                FieldProblem("person", self.tr("find and highlight the person joining"))
            )
        try:
            joined = self.joined.value()
        except ParseError as exc:
            problems.append(FieldProblem("joined", str(exc)))
        low, high = read_limits(self.limit_low.text(), self.limit_high.text(), problems)
        if problems:
            raise Problems(problems)
        assert person is not None
        self.summary = self.tr("{name} joined the timebank.").format(name=person.name)
        db = self._ctx.db
        return lambda: join_member(db, person.id, joined, limit_low=low, limit_high=high)


class OrganisationDialog(EntryDialog):
    """An organisation taking part gets its own account. `saved` carries its AccountInfo."""

    def __init__(self, ctx: DeskContext, directory: MemberDirectory, parent: QWidget | None = None):
        super().__init__(ctx, directory, self.tr("Add an organisation"), self.tr("&Add"), parent)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("for example: Soham Parish Council"))
        self.code = QLineEdit(self)
        self.code.setPlaceholderText(self.tr("a short code, e.g. ORG-PARISH"))
        self.joined = DateField(today(), self)
        self.add_row(self.tr("&Name:"), "name", self.name)
        self.add_row(self.tr("&Code:"), "account_ref", self.code)
        self.add_row(self.tr("Joined &on:"), "joined", self.joined)
        self.resize(480, self.sizeHint().height())
        self.name.setFocus()

    @override
    def work(self) -> Callable[[], AccountInfo]:
        problems: list[FieldProblem] = []
        try:
            joined = self.joined.value()
        except ParseError as exc:
            problems.append(FieldProblem("joined", str(exc)))
        if problems:
            raise Problems(problems)
        name, code, db = self.name.text(), self.code.text(), self._ctx.db
        self.summary = self.tr("{name} has a timebank account.").format(name=name.strip())
        return lambda: add_organisation(db, name, code, joined)


class ListingDialog(EntryDialog):
    """A member offers help, or asks for it, in one category. `saved` carries the ListingInfo."""

    def __init__(
        self,
        ctx: DeskContext,
        directory: MemberDirectory,
        account: AccountInfo,
        kind: str,
        parent: QWidget | None = None,
    ):
        offering = kind == "offer"
        super().__init__(
            ctx,
            directory,
            self.tr("Offer help") if offering else self.tr("Ask for help"),
            self.tr("&Add offer") if offering else self.tr("&Add request"),
            parent,
        )
        self.account, self.kind = account, kind
        self.intro.setText(
            (
                self.tr("What can {name} offer?")
                if offering
                else self.tr("What help does {name} need?")
            ).format(name=account.name)
        )
        self.intro.show()
        self.category = QComboBox(self)
        for category in directory.categories:
            self.category.addItem(category.name, category.id)
        self.description = QLineEdit(self)
        self.description.setPlaceholderText(
            self.tr("for example: happy to walk dogs")
            if offering
            else self.tr("for example: lift to the GP")
        )
        self.availability = QLineEdit(self)
        self.availability.setPlaceholderText(self.tr("for example: weekday mornings"))
        self.add_row(self.tr("&Category:"), "category", self.category)
        self.add_row(self.tr("&Description:"), "description", self.description)
        self.add_row(self.tr("A&vailability:"), "availability", self.availability)
        self.resize(480, self.sizeHint().height())
        self.category.setFocus()

    @override
    def work(self) -> Callable[[], ListingInfo]:
        category_id = self.category.currentData()
        if category_id is None:
            raise Problems([FieldProblem("category", self.tr("choose a category"))])
        account_id, kind, db = self.account.id, self.kind, self._ctx.db
        description, availability = self.description.text(), self.availability.text()
        self.summary = (
            self.tr("Offer added for {name}.")
            if kind == "offer"
            else self.tr("Request added for {name}.")
        ).format(name=self.account.name)
        return lambda: add_listing(db, account_id, kind, category_id, description, availability)


class CategoriesDialog(QDialog):
    """The organisation's list of skill categories: add one, archive one no longer used (it
    stays on past exchanges), or bring one back."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Skill categories"))
        self._ctx = ctx
        self.errors = InlineErrors()
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Skill categories"))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("a new category"))
        name_problem = error_label(self)
        self.errors.add("name", self.name, name_problem)
        self.add_button = QPushButton(self.tr("&Add"), self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add)
        self.name.returnPressed.connect(self.add)
        self.archive_button = QPushButton(self.tr("A&rchive"), self)
        self.archive_button.setAutoDefault(False)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.list.currentItemChanged.connect(lambda *_: self._update_button())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        adding = QHBoxLayout()
        adding.addWidget(self.name, 1)
        adding.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Offers, requests and exchanges are sorted into these."), self)
        )
        layout.addWidget(self.list, 1)
        layout.addWidget(self.archive_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(adding)
        layout.addWidget(name_problem)
        layout.addWidget(buttons)
        self.resize(420, 480)
        self.reload()
        self.name.setFocus()

    def reload(self, select_id: int | None = None) -> None:
        def show(found: list[Category]) -> None:
            self.list.clear()
            for category in found:
                text = category.name
                if category.archived:
                    text += " " + self.tr("(archived)")
                item = QListWidgetItem(text, self.list)
                item.setData(Qt.ItemDataRole.UserRole, category)
                if category.id == select_id:
                    self.list.setCurrentItem(item)
            self._update_button()

        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: categories(db, include_archived=True), show)

    def add(self) -> None:
        db, name = self._ctx.db, self.name.text()

        def added(category: Category) -> None:
            self.errors.clear()
            self.name.clear()
            self.reload(category.id)

        def refused(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.errors.show(error.problems)
            else:
                show_error(self, error)

        self._ctx.tasks.run_operation(
            lambda: add_category(db, name), added, refused, changes=(TIMEBANK,)
        )

    def toggle_archived(self) -> None:
        category = self._current()
        if category is None:
            return
        db = self._ctx.db
        self._ctx.tasks.run_operation(
            lambda: set_category_archived(db, category.id, not category.archived),
            lambda _none: self.reload(category.id),
            changes=(TIMEBANK,),
        )

    def _current(self) -> Category | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _update_button(self) -> None:
        category = self._current()
        self.archive_button.setEnabled(category is not None)
        self.archive_button.setText(
            self.tr("&Bring back") if category and category.archived else self.tr("A&rchive")
        )
